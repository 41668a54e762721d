// The deconfliction map: declared footprints over the country borders shipped
// with the application (no tile server, so it works with no internet), the
// conflicts in red, and a time slider that shows what is live at an instant.
(function () {
  'use strict';
  var el = document.getElementById('map');
  if (!el || typeof L === 'undefined') { return; }
  var labels = JSON.parse(el.dataset.labels || '{}');
  var t = function (k) { return labels[k] || k; };
  var from = Date.parse(el.dataset.from + 'T00:00:00Z');
  var to = Date.parse(el.dataset.to + 'T00:00:00Z');
  var slider = document.getElementById('slider');
  var out = document.getElementById('slider-time');
  var showAll = document.getElementById('show-all');
  var list = document.getElementById('conflict-list');

  var map = L.map(el, { zoomSnap: 0.5, attributionControl: true }).setView([36.6, 37.5], 7);
  map.attributionControl.setPrefix('Leaflet · Natural Earth');
  var items = [];
  var conflicts = [];

  function style(kind) {
    if (kind === 'conflict') { return { color: '#c62828', weight: 3, fillColor: '#e53935', fillOpacity: 0.45 }; }
    if (kind === 'draft') { return { color: '#666', weight: 2, dashArray: '4 4', fillColor: '#999', fillOpacity: 0.2 }; }
    return { color: '#1f4f82', weight: 2, fillColor: '#2f6fb0', fillOpacity: 0.3 };
  }

  function layerOf(d) {
    var g = d.footprint;
    if (g.type === 'Point') {
      return L.circle([g.coordinates[1], g.coordinates[0]], Object.assign({ radius: g.radius_m || 1 }, style('active')));
    }
    return L.geoJSON(g, { style: function () { return style('active'); } });
  }

  // The slider moves in quarters of an hour.
  var STEP = 15 * 60 * 1000;
  slider.max = String(Math.max(1, Math.round((to - from) / STEP)));
  function at() {
    return from + Number(slider.value) * STEP;
  }

  function iso(ms) {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }

  function live(s, e, now) {
    return showAll.checked || (s <= now && now < e);
  }

  function render() {
    var now = at();
    out.textContent = showAll.checked ? el.dataset.from + ' → ' + el.dataset.to : iso(now);
    var hot = {};
    var current = conflicts.filter(function (c) {
      return live(Date.parse(c.overlap_start), Date.parse(c.overlap_end), now);
    });
    current.forEach(function (c) { hot[c.a] = true; hot[c.b] = true; });
    var shown = 0;
    var red = 0;
    items.forEach(function (it) {
      var visible = live(it.start, it.end, now);
      if (visible && !map.hasLayer(it.layer)) { it.layer.addTo(map); }
      if (!visible && map.hasLayer(it.layer)) { map.removeLayer(it.layer); }
      if (!visible) { return; }
      shown += 1;
      var kind = hot[it.d.code] ? 'conflict' : (it.d.status === 'draft' ? 'draft' : 'active');
      if (kind === 'conflict') { red += 1; }
      it.layer.setStyle(style(kind));
      var paths = it.layer.getLayers ? it.layer.getLayers() : [it.layer];
      paths.forEach(function (p) {
        var node = p.getElement && p.getElement();
        if (node) {
          node.classList.add('footprint');
          node.classList.toggle('conflict', kind === 'conflict');
          node.setAttribute('data-code', it.d.code);
        }
      });
    });
    list.textContent = '';
    if (current.length === 0) {
      var li = document.createElement('li');
      li.textContent = t('decon-map-none');
      list.appendChild(li);
    }
    current.forEach(function (c) {
      var li = document.createElement('li');
      li.className = 'conflict';
      li.dir = 'ltr';
      li.textContent = c.a + ' (' + t('decon-kind-' + c.a_kind) + ') ↔ ' + c.b + ' (' + t('decon-kind-' + c.b_kind) +
        ') · ' + c.distance_m + ' m · ' + iso(Date.parse(c.overlap_start)) + ' → ' + iso(Date.parse(c.overlap_end));
      list.appendChild(li);
    });
    el.dataset.visible = String(shown);
    el.dataset.conflicting = String(red);
    el.dataset.conflicts = String(current.length);
  }

  /** An element holding each line as text, one line under the other. */
  function textLines(lines) {
    var box = document.createElement('div');
    lines.forEach(function (line, k) {
      if (k > 0) { box.appendChild(document.createElement('br')); }
      box.appendChild(document.createTextNode(String(line)));
    });
    return box;
  }

  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    });
  }

  var q = 'from=' + encodeURIComponent(el.dataset.from) + '&to=' + encodeURIComponent(el.dataset.to);
  getJSON('/static/borders.geojson').then(function (borders) {
    L.geoJSON(borders, {
      interactive: false,
      style: function () { return { color: '#6d6d6d', weight: 1, fillColor: '#f6f3ea', fillOpacity: 1 }; }
    }).addTo(map);
    return Promise.all([getJSON('/api/v1/declarations?' + q), getJSON('/api/v1/conflicts?' + q)]);
  }).then(function (res) {
    conflicts = res[1];
    res[0].filter(function (d) { return d.status !== 'cancelled'; }).forEach(function (d) {
      var layer = layerOf(d);
      var unit = d.unit ? ' · ' + d.unit : '';
      // Leaflet renders a string tooltip as HTML: give it an element built
      // from text nodes, so no declared value is ever read as markup.
      layer.bindTooltip(textLines([
        d.code + ' · ' + d.party + ' · ' + t('decon-kind-' + d.kind) + unit,
        iso(Date.parse(d.start)) + ' → ' + iso(Date.parse(d.end)),
        d.altitude_m[0] + '–' + d.altitude_m[1] + ' m'
      ]));
      layer.on('click', function () { window.location.href = '/decon/' + d.id; });
      var g = d.footprint;
      var bounds = g.type === 'Point' ? L.latLng(g.coordinates[1], g.coordinates[0]).toBounds(2 * (g.radius_m || 1)) :
        layer.getBounds();
      items.push({ d: d, layer: layer, bounds: bounds, start: Date.parse(d.start), end: Date.parse(d.end) });
    });
    // Start where something happens: inside the earliest conflict, else at the first declaration, else now.
    var mid = function (s, e) { return s + Math.max(0, (e - s) / 2); };
    var firsts = conflicts.map(function (c) { return mid(Date.parse(c.overlap_start), Date.parse(c.overlap_end)); });
    var first = firsts.length ? Math.min.apply(null, firsts) :
      (items.length ? Math.min.apply(null, items.map(function (i) { return i.start; })) : Date.now());
    first = Math.min(Math.max(first, from), to);
    slider.value = String(Math.floor((first - from) / STEP));
    if (items.length) {
      var bounds = L.latLngBounds(items[0].bounds.getSouthWest(), items[0].bounds.getNorthEast());
      items.forEach(function (i) { bounds.extend(i.bounds); });
      map.fitBounds(bounds.pad(0.3), { maxZoom: 11 });
    }
    render();
    el.dataset.loaded = 'true';
  }).catch(function (e) {
    el.dataset.error = String(e);
    var li = document.createElement('li');
    li.textContent = String(e);
    list.appendChild(li);
  });
  slider.addEventListener('input', render);
  showAll.addEventListener('change', render);
})();
