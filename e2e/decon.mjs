// The deconfliction checks of the browser test: a deconfliction officer works
// the offline map (footprints over the shipped borders, a conflict in red, the
// time slider), declares an activity from the form and sees its conflicts
// before confirming it, and the map works in Arabic. Called from browser.mjs
// with its context: { browser, base, password, check, shots }.
import assert from 'node:assert/strict';

export default async function decon({ browser, base, password, check, shots }) {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });

  const mapLoaded = async () => {
    await page.waitForSelector('#map[data-loaded="true"]');
    return page.locator('#map');
  };

  await check('decon: the officer opens the map: footprints over the borders, a conflict in red', async () => {
    await page.goto(`${base}/decon/map`);
    await page.fill('#username', 'tr.deconfliction_officer');
    await page.fill('#password', password);
    await page.click('form.card button[type=submit]');
    await page.waitForURL(`${base}/decon/map`);
    const map = await mapLoaded();
    assert.ok(Number(await map.getAttribute('data-visible')) >= 2, 'footprints are drawn');
    assert.ok(Number(await map.getAttribute('data-conflicting')) >= 2, 'both sides of a conflict are red');
    assert.ok(await page.locator('#map path.footprint.conflict').count() >= 2);
    assert.ok(await page.locator('#map path.leaflet-interactive, #map path').count() > 10, 'the borders are drawn');
    const items = await page.locator('#conflict-list li.conflict').allTextContents();
    assert.ok(items.some((t) => t.includes('SY-DM-') && t.includes('TR-EX-')), items.join(' | '));
    assert.deepEqual(outside, [], 'the map asked nothing of the internet');
    if (shots) await page.screenshot({ path: `${shots}/decon-map-en.png` });
  });

  await check('decon: the time slider shows what is live at an instant', async () => {
    const map = page.locator('#map');
    await page.locator('#slider').fill('0');
    assert.equal(await map.getAttribute('data-visible'), '0', 'nothing is live a week ago');
    assert.equal(await page.locator('#conflict-list li.conflict').count(), 0);
    await page.check('#show-all');
    assert.ok(Number(await map.getAttribute('data-visible')) >= 5, 'the whole period shows every activity');
    assert.ok(Number(await map.getAttribute('data-conflicts')) >= 2, 'and every conflict (a third state\'s too, for an officer)');
  });

  await check('decon: declaring shows the conflicts before confirming', async () => {
    await page.goto(`${base}/decon/new`);
    await page.selectOption('#kind', 'convoy');
    const day = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
    await page.fill('#start', `${day}T09:00`);
    await page.fill('#end', `${day}T11:00`);
    await page.fill('#altitude_lo', '0');
    await page.fill('#altitude_hi', '0');
    await page.fill('#circle_lon', '36.875');
    await page.fill('#circle_lat', '36.51');
    await page.fill('#circle_radius_m', '300');
    await page.click('#declare button[type=submit]');
    await page.waitForSelector('#conflicts');
    assert.match(await page.locator('#status').textContent(), /Draft/);
    const rows = await page.locator('#conflicts tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.includes('SY-DM-')), rows.join(' | '));
    await page.click('#confirm');
    await page.waitForSelector('#status strong:text("Confirmed")');
  });

  await check('decon: a declared unit is shown as text on the map, never run as markup', async () => {
    // Markup in a declaration's unit, declared through the API as a hostile
    // officer could. Before the fix the tooltip rendered it as HTML.
    const violations = [];
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
    const hostile = '<img src=x onerror="window.__xss=1">';
    const day = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
    const declared = await page.evaluate(async ({ hostile, day }) => {
      const post = (url, body) => fetch(url, {
        method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json());
      const d = await post('/api/v1/declarations', {
        kind: 'exercise', altitude_m: [0, 0], start: `${day}T00:00:00Z`, end: `${day}T23:59:00Z`, unit: hostile,
        footprint: { type: 'Polygon', coordinates: [[[37.5, 36.0], [37.6, 36.0], [37.6, 36.1], [37.5, 36.1], [37.5, 36.0]]] },
      });
      await post(`/api/v1/declarations/${d.declaration.id}/confirm`);
      return d.declaration.code;
    }, { hostile, day });
    await page.goto(`${base}/decon/map`);
    await mapLoaded();
    await page.check('#show-all');
    let shown = '';
    // Each footprint is pointed at by an event on its own element, so that
    // another drawn over it cannot take the pointer (hovering was flaky).
    for (const path of await page.locator('#map path.footprint').all()) {
      await path.dispatchEvent('mouseover').catch(() => {});
      const tip = await page.locator('.leaflet-tooltip').allTextContents();
      if (tip.some((t) => t.includes(declared))) { shown = tip.join(' '); break; }
      await path.dispatchEvent('mouseout').catch(() => {});
    }
    assert.ok(shown.includes(hostile), `the unit shows as its text: ${shown}`);
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'the markup ran');
    assert.equal(await page.locator('.leaflet-tooltip img').count(), 0, 'the markup became an element');
    assert.deepEqual(violations, [], 'the page broke its own Content Security Policy');
  });

  await check('decon: a metric scale, the position in degrees and MGRS, distances to the metre; from the keyboard a conflict is shown and a footprint opened', async () => {
    await page.goto(`${base}/decon/map`);
    await mapLoaded();
    await page.check('#show-all');
    assert.match(await page.locator('.leaflet-control-scale-line').first().textContent(), /^\d+ k?m$/);
    const box = await page.locator('#map').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    assert.match(await page.locator('#map-position').textContent(), /^\d+\.\d{5}° N, \d+\.\d{5}° E · MGRS 3[67]S[A-Z]{2}\d{10}$/);
    const items = await page.locator('#conflict-list li.conflict').allTextContents();
    assert.ok(items.length > 0 && items.every((t) => /· \d{1,3}(,\d{3})* m ·/.test(t)), `whole metres: ${items.join(' | ')}`);
    // The conflict list from the keyboard: its links and its "show" button.
    const first = page.locator('#conflict-list li.conflict').first();
    assert.equal(await first.locator('a[href^="/decon/"]').count(), 2, 'both declarations are links');
    await first.locator('button.show-on-map').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'map');
    await page.keyboard.press('ArrowUp');
    assert.match(await page.locator('#map-position').textContent(), /^⌖ /, 'the position follows the keyboard');
    // Tab from the map reaches a footprint; Enter opens its declaration.
    let reached = '';
    for (let k = 0; k < 12 && !reached; k += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (document.activeElement && document.activeElement.classList &&
        document.activeElement.classList.contains('footprint')) ? document.activeElement.getAttribute('data-code') : '');
    }
    assert.ok(reached, 'Tab reaches a footprint');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/decon\/\d+$/);
    assert.ok((await page.locator('main').textContent()).includes(reached), `the page of ${reached}`);
  });

  await check('decon: a footprint drawn on the map fills the form (area, route, circle) and is declared', async () => {
    await page.goto(`${base}/decon/new`);
    await page.waitForSelector('#draw-map[data-loaded="true"]');
    await page.locator('#draw-map').scrollIntoViewIfNeeded();
    const map = await page.locator('#draw-map').boundingBox();
    const at = (dx, dy) => [map.x + map.width / 2 + dx, map.y + map.height / 2 + dy];
    // A route: two points, the last clicked again to end it.
    await page.click('.leaflet-pm-icon-polyline');
    for (const [dx, dy] of [[-60, 0], [40, 30]]) await page.mouse.click(...at(dx, dy));
    await page.mouse.click(...at(40, 30));
    await page.waitForFunction(() => document.getElementById('draw-summary').dataset.kind === 'route');
    assert.equal(JSON.parse(await page.inputValue('#footprint')).type, 'LineString');
    // A circle replaces it: centre, then a point on its edge.
    await page.click('.leaflet-pm-icon-circle');
    await page.mouse.click(...at(0, 0));
    await page.mouse.click(...at(30, 0));
    await page.waitForFunction(() => document.getElementById('draw-summary').dataset.kind === 'circle');
    assert.equal(await page.inputValue('#footprint'), '', 'one footprint at a time');
    assert.ok(Number(await page.inputValue('#circle_radius_m')) > 0);
    assert.match(await page.locator('#draw-summary').textContent(), /MGRS .* \d[\d,]* m$/);
    // An area replaces the circle: three corners, then the first again.
    await page.click('.leaflet-pm-icon-polygon');
    for (const [dx, dy] of [[-40, -40], [40, -40], [40, 40], [-40, -40]]) await page.mouse.click(...at(dx, dy));
    await page.waitForFunction(() => document.getElementById('draw-summary').dataset.kind === 'polygon');
    const drawn = JSON.parse(await page.inputValue('#footprint'));
    assert.equal(drawn.type, 'Polygon');
    assert.equal(drawn.coordinates[0].length, 4, 'three corners and the ring closed');
    assert.equal(await page.inputValue('#circle_lon'), '');
    const day = new Date(Date.now() + 4 * 86400000).toISOString().slice(0, 10);
    await page.selectOption('#kind', 'exercise');
    await page.fill('#start', `${day}T09:00`);
    await page.fill('#end', `${day}T11:00`);
    await page.fill('#altitude_lo', '0');
    await page.fill('#altitude_hi', '0');
    await page.click('#declare button[type=submit]');
    await page.waitForURL(/\/decon\/\d+$/);
    assert.match(await page.locator('#status').textContent(), /Draft/);
  });

  await check('decon: the map in Arabic, right to left', async () => {
    await page.goto(`${base}/decon/map`);
    await page.selectOption('#lang-select', 'ar');
    await page.click('form.lang button');
    await page.waitForURL(`${base}/decon/map`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await mapLoaded();
    assert.equal(await page.locator('h1').textContent(), 'خريطة منع الاحتكاك');
    assert.ok(await page.locator('#conflict-list li.conflict').count() >= 1);
    if (shots) await page.screenshot({ path: `${shots}/decon-map-ar.png` });
  });

  await context.close();
}
