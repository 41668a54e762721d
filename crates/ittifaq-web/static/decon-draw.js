// Drawing a footprint on the declaration form: an area (polygon), a route
// or a circle drawn on the map fills the form's GeoJSON text or its circle
// fields, which stay the way to give a footprint from the keyboard. What the
// form already holds (an amendment, a refused form) is drawn on arrival.
(function () {
  'use strict';
  var el = document.getElementById('draw-map');
  if (!el || typeof L === 'undefined' || !L.PM || !window.IttifaqMap) { return; }
  var labels = JSON.parse(el.dataset.labels || '{}');
  var t = function (k) { return labels[k] || k; };
  var area = document.getElementById('footprint');
  var lon = document.getElementById('circle_lon');
  var lat = document.getElementById('circle_lat');
  var radius = document.getElementById('circle_radius_m');
  var summary = document.getElementById('draw-summary');
  var m = IttifaqMap.setup(el, document.getElementById('draw-position'));
  var map = m.map;

  map.pm.setLang('ittifaq', {
    tooltips: {
      firstVertex: t('decon-draw-first-vertex'),
      continueLine: t('decon-draw-continue'),
      finishLine: t('decon-draw-finish-line'),
      finishPoly: t('decon-draw-finish-poly'),
      startCircle: t('decon-draw-start-circle'),
      finishCircle: t('decon-draw-finish-circle')
    },
    actions: { finish: t('decon-draw-finish'), cancel: t('decon-draw-cancel'), removeLastVertex: t('decon-draw-undo') },
    buttonTitles: {
      drawPolyButton: t('decon-draw-polygon'),
      drawLineButton: t('decon-draw-route'),
      drawCircleButton: t('decon-draw-circle'),
      editButton: t('decon-draw-edit'),
      deleteButton: t('decon-draw-remove')
    }
  }, 'en');
  map.pm.addControls({
    position: 'topleft',
    drawMarker: false, drawCircleMarker: false, drawRectangle: false, drawText: false,
    cutPolygon: false, rotateMode: false, dragMode: false,
    drawPolygon: true, drawPolyline: true, drawCircle: true, editMode: true, removalMode: true
  });

  var drawn = null;
  function clear() {
    area.value = '';
    lon.value = '';
    lat.value = '';
    radius.value = '';
  }
  /** Writes the drawing into the form and says what it is. */
  function write(layer) {
    clear();
    if (layer instanceof L.Circle) {
      var c = layer.getLatLng();
      lon.value = c.lng.toFixed(6);
      lat.value = c.lat.toFixed(6);
      radius.value = String(Math.round(layer.getRadius()));
      summary.textContent = t('decon-draw-circle') + ': ' + IttifaqMap.position(c) + ' · ' +
        IttifaqMap.metres(layer.getRadius());
    } else {
      var g = layer.toGeoJSON(6).geometry;
      area.value = JSON.stringify(g);
      var points = g.type === 'Polygon' ? g.coordinates[0].length - 1 : g.coordinates.length;
      var lls = layer.getLatLngs();
      var line = Array.isArray(lls[0]) ? lls[0] : lls;
      var length = 0;
      for (var k = 1; k < line.length; k += 1) { length += map.distance(line[k - 1], line[k]); }
      summary.textContent = (g.type === 'Polygon' ? t('decon-draw-polygon') : t('decon-draw-route')) + ': ' +
        points + ' · ' + IttifaqMap.metres(length);
    }
    summary.dataset.kind = layer instanceof L.Circle ? 'circle' : (layer instanceof L.Polygon ? 'polygon' : 'route');
  }
  function keep(layer) {
    if (drawn && drawn !== layer) { map.removeLayer(drawn); }
    drawn = layer;
    layer.on('pm:edit', function () { write(layer); });
  }
  map.on('pm:create', function (e) { keep(e.layer); write(e.layer); });
  map.on('pm:remove', function (e) {
    if (e.layer === drawn) { drawn = null; clear(); summary.textContent = ''; delete summary.dataset.kind; }
  });

  m.ready.then(function () {
    var shown = null;
    try {
      if (area.value.trim()) {
        shown = L.geoJSON(JSON.parse(area.value)).getLayers()[0] || null;
      } else if (lon.value && lat.value && radius.value) {
        shown = L.circle([Number(lat.value), Number(lon.value)], { radius: Number(radius.value) });
      }
    } catch (e) { shown = null; }
    if (shown) {
      shown.addTo(map);
      keep(shown);
      if (shown.getBounds) { map.fitBounds(shown.getBounds().pad(0.5), { maxZoom: 13 }); }
    }
    el.dataset.loaded = 'true';
  });
})();
