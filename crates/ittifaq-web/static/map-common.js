// Shared by the deconfliction map and the footprint drawing: a map over the
// country borders shipped with the application (no tile server, so it works
// with no internet), a metric scale, keyboard panning and zooming, and the
// position under the pointer (or at the map's centre, for keyboard users) in
// decimal degrees and MGRS (to the metre).
window.IttifaqMap = (function () {
  'use strict';

  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    });
  }

  /** Decimal degrees, five places (about a metre). */
  function degrees(ll) {
    var lat = Math.abs(ll.lat).toFixed(5) + '° ' + (ll.lat < 0 ? 'S' : 'N');
    var lng = Math.abs(ll.lng).toFixed(5) + '° ' + (ll.lng < 0 ? 'W' : 'E');
    return lat + ', ' + lng;
  }

  /** MGRS to the metre; none outside its latitudes. */
  function grid(ll) {
    try { return mgrs.forward([ll.lng, ll.lat], 5); } catch (e) { return ''; }
  }

  function position(ll) {
    var g = grid(ll);
    return degrees(ll) + (g ? ' · MGRS ' + g : '');
  }

  /** A whole number of metres in the page's language (Latin digits). */
  function metres(m) {
    var lang = document.documentElement.lang === 'ar' ? 'ar-u-nu-latn' : document.documentElement.lang;
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(Math.round(m)) + ' m';
  }

  /** The map in `el`, its borders loading; `out` shows the position. */
  function setup(el, out) {
    var map = L.map(el, { zoomSnap: 0.5, keyboard: true }).setView([36.6, 37.5], 7);
    map.attributionControl.setPrefix('Leaflet · Natural Earth');
    L.control.scale({ metric: true, imperial: false }).addTo(map);
    if (out) {
      var centre = function () { out.textContent = '⌖ ' + position(map.getCenter()); };
      map.on('mousemove', function (e) { out.textContent = position(e.latlng); });
      map.on('click', function (e) { out.textContent = position(e.latlng); });
      map.on('moveend', centre);
      map.getContainer().addEventListener('focus', centre);
      centre();
    }
    var ready = getJSON('/static/borders.geojson').then(function (borders) {
      L.geoJSON(borders, {
        interactive: false,
        style: function () { return { color: '#6d6d6d', weight: 1, fillColor: '#f6f3ea', fillOpacity: 1 }; }
      }).addTo(map);
    });
    return { map: map, ready: ready };
  }

  return { setup: setup, getJSON: getJSON, position: position, metres: metres };
})();
