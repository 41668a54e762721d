// How borders.geojson was made (once, offline): Natural Earth 1:50m admin-0 country
// boundaries (public domain), as redistributed in the npm package world-atlas@2
// (countries-50m.json, ISC licence), converted with topojson-client@3, kept to
// the countries around Türkiye and Syria, coordinates rounded to 0.001°.
// Run: npm install world-atlas@2 topojson-client@3 && node borders-source.mjs
// vendor/leaflet.js and vendor/leaflet.css are Leaflet 1.9.4 from npm (BSD-2-Clause, vendor/LEAFLET-LICENSE).
import fs from 'fs';
import { feature } from 'topojson-client';
const topo = JSON.parse(fs.readFileSync('node_modules/world-atlas/countries-50m.json'));
const fc = feature(topo, topo.objects.countries);
const box = [26, 29, 48, 42.5];
const r = (x) => Math.round(x * 1000) / 1000;
const round = (c) => typeof c[0] === 'number' ? [r(c[0]), r(c[1])] : c.map(round);
const meets = (c) => typeof c[0] === 'number' ? (c[0] >= box[0] && c[0] <= box[2] && c[1] >= box[1] && c[1] <= box[3]) : c.some(meets);
const out = { type: 'FeatureCollection', features: fc.features.filter(f => f.geometry && meets(f.geometry.coordinates) && !['Russia','Saudi Arabia','Egypt','Kuwait','Kazakhstan','Libya','Romania'].includes(f.properties.name)).map(f => ({ type: 'Feature', properties: { name: f.properties.name }, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } })) };
fs.writeFileSync('borders.geojson', JSON.stringify(out));
console.log(out.features.map(f => f.properties.name).join(', '));
