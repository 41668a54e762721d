// The deconfliction map: declared footprints over the country borders (see
// map-common.js), the conflicts in red, and a time slider that shows what is
// live at an instant. From the keyboard: the map pans and zooms with the
// arrows and +/-, each footprint is a link reached with Tab, and each conflict
// of the list links its two declarations and shows them on the map.
(function () {
  'use strict';
  var el = document.getElementById('map');
  if (!el || typeof L === 'undefined' || !window.IttifaqMap) { return; }
  var labels = JSON.parse(el.dataset.labels || '{}');
  var t = function (k) { return labels[k] || k; };
  var from = Date.parse(el.dataset.from + 'T00:00:00Z');
  var to = Date.parse(el.dataset.to + 'T00:00:00Z');
  var slider = document.getElementById('slider');
  var out = document.getElementById('slider-time');
  var showAll = document.getElementById('show-all');
  var list = document.getElementById('conflict-list');

  var setup = IttifaqMap.setup(el, document.getElementById('map-position'));
  var map = setup.map;
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
          // A link from the keyboard: Tab reaches it, Enter opens it.
          node.setAttribute('tabindex', '0');
          node.setAttribute('role', 'link');
          node.setAttribute('aria-label', it.d.code + ' · ' + t('decon-kind-' + it.d.kind));
          if (!node.dataset.keyed) {
            node.dataset.keyed = 'true';
            node.addEventListener('keydown', function (e) {
              if (e.key === 'Enter') { window.location.href = '/decon/' + it.d.id; }
            });
          }
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
      li.appendChild(declaration(c.a, c.a_kind));
      li.appendChild(document.createTextNode(' ↔ '));
      li.appendChild(declaration(c.b, c.b_kind));
      li.appendChild(document.createTextNode(' · ' + IttifaqMap.metres(c.distance_m) + ' · ' +
        iso(Date.parse(c.overlap_start)) + ' → ' + iso(Date.parse(c.overlap_end)) + ' '));
      var show = document.createElement('button');
      show.type = 'button';
      show.className = 'secondary show-on-map';
      show.textContent = t('decon-map-show');
      show.addEventListener('click', function () {
        var both = items.filter(function (i) { return i.d.code === c.a || i.d.code === c.b; });
        if (!both.length) { return; }
        var b = L.latLngBounds(both[0].bounds.getSouthWest(), both[0].bounds.getNorthEast());
        both.forEach(function (i) { b.extend(i.bounds); });
        map.fitBounds(b.pad(0.5), { maxZoom: 14 });
        el.focus();
      });
      li.appendChild(show);
      list.appendChild(li);
    });
    el.dataset.visible = String(shown);
    el.dataset.conflicting = String(red);
    el.dataset.conflicts = String(current.length);
  }

  /** A declaration of a conflict: its code, a link where it is known, and its kind. */
  function declaration(code, kind) {
    var known = items.filter(function (i) { return i.d.code === code; })[0];
    var node;
    if (known) {
      node = document.createElement('a');
      node.href = '/decon/' + known.d.id;
    } else {
      node = document.createElement('span');
    }
    node.textContent = code + ' (' + t('decon-kind-' + kind) + ')';
    return node;
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

  var getJSON = IttifaqMap.getJSON;
  var q = 'from=' + encodeURIComponent(el.dataset.from) + '&to=' + encodeURIComponent(el.dataset.to);
  setup.ready.then(function () {
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
        d.altitude_m[0] + '–' + d.altitude_m[1] + ' m',
        IttifaqMap.position(layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter())
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
