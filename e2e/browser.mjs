// The browser test: signs in to a running demo in Debian's headless chromium,
// lists and searches people, switches to Arabic and checks the page lays out
// right to left with translated headings, and that the other party's private
// fields never reach the page.
//
// Usage: node e2e/browser.mjs BASE_URL PASSWORD [SCREENSHOT_DIR]
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, password, shots] = process.argv.slice(2);
if (!base || !password) {
  console.error('usage: node e2e/browser.mjs BASE_URL PASSWORD [SCREENSHOT_DIR]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Fluent wraps each value in Unicode isolation marks (FSI … PDI) so a Latin
// code reads right inside Arabic text; they are invisible, so compare without.
const isolated = /[\u2066-\u2069]/g;
async function text(locator) {
  return (await locator.textContent()).replace(isolated, '');
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
  }
}

const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
page.setDefaultTimeout(15000);

await check('signs in as the Turkish joint office', async () => {
  await page.goto(`${base}/people`);
  assert.match(page.url(), /\/login\?next=/);
  await page.fill('#username', 'tr.joint_office');
  await page.fill('#password', password);
  await page.click('form.card button[type=submit]');
  await page.waitForURL(`${base}/people`);
  assert.equal(await page.locator('h1').textContent(), 'People');
});

await check('lists people of both parties', async () => {
  const rows = page.locator('#results tbody tr');
  assert.equal(await rows.count(), 50);
  const count = await page.locator('#results .count').textContent();
  assert.match(count.replace(/[\u2066-\u2069]/g, ''), /^640 people$/);
  if (shots) await page.screenshot({ path: `${shots}/people-en.png` });
});

await check('searches as you type (htmx partial update)', async () => {
  await page.fill('#q', 'yılmaz');
  await page.waitForFunction(() => document.querySelectorAll('#results tbody tr').length < 50);
  const names = await page.locator('#results tbody tr td:nth-child(2)').allTextContents();
  assert.ok(names.length > 0);
  for (const n of names) assert.match(n, /Yılmaz$/);
  assert.match(decodeURIComponent(page.url()), /q=yılmaz/);
});

await check('never shows the other party\'s private fields', async () => {
  await page.goto(`${base}/people?party=SY`);
  const html = await page.content();
  assert.ok(!html.includes('CANARY-SY'), 'a Syrian canary reached a Turkish user');
  await page.click('#results tbody tr:first-child a');
  const record = await page.content();
  assert.ok(!record.includes('CANARY-SY'));
  assert.ok(await page.locator('.notice').count() > 0, 'the released-only notice is shown');
});

await check('switches to Arabic: right to left, translated headings', async () => {
  await page.goto(`${base}/people`);
  await page.selectOption('#lang-select', 'ar');
  await page.click('form.lang button');
  await page.waitForURL(`${base}/people`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.locator('h1').textContent(), 'الأفراد');
  // Right to left for real: the brand sits at the right edge of the header.
  const brand = await page.locator('.brand').boundingBox();
  assert.ok(brand.x > 640, `the brand is at x=${brand.x}`);
  if (shots) await page.screenshot({ path: `${shots}/people-ar.png` });
});

await check('keyboard users can reach the content and the navigation', async () => {
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.className);
  assert.equal(focused, 'skip');
});

await check('a tablet-sized screen still shows the list', async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${base}/people`);
  assert.equal(await page.locator('#results tbody tr').count(), 50);
  if (shots) await page.screenshot({ path: `${shots}/people-tablet-ar.png` });
});

let nominee = '';
let nominationUrl = '';
let trainingSession = '';
let certificateFile = '';

async function signIn(user) {
  const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } });
  const p = await ctx.newPage();
  p.setDefaultTimeout(15000);
  await p.goto(`${base}/login`);
  await p.fill('#username', user);
  await p.fill('#password', password);
  await p.click('form.card button[type=submit]');
  await p.waitForURL(`${base}/`);
  return p;
}

await check('the home page is the office\'s inbox, in Turkish: approving the selected takes them off it', async () => {
  const office = await signIn('tr.joint_office');
  await office.selectOption('#lang-select', 'tr');
  await office.click('form.lang button');
  await office.goto(`${base}/`);
  assert.equal(await text(office.locator('#inbox-h')), 'İşleminizi bekleyenler');
  const list = office.locator('form[action="/inbox/approve"]');
  const before = await list.locator('tbody tr').count();
  assert.ok(before >= 1, 'the demo leaves a nomination of TR awaiting its approval');
  assert.match(await text(list.locator('h3')), /aday gösterme tarafınızın onayını bekliyor$/);
  await list.locator('tbody tr input[type=checkbox]').first().check();
  await list.locator('input[name=confirm]').check();
  await list.locator('button[type=submit]').click();
  await office.waitForURL(`${base}/`);
  const after = await office.locator('form[action="/inbox/approve"] tbody tr').count();
  assert.equal(after, before - 1);
  await office.context().close();
});

await check('a refused form says why beside the field, in Turkish, and keeps what was typed', async () => {
  const office = await signIn('tr.joint_office');
  await office.selectOption('#lang-select', 'tr');
  await office.click('form.lang button');
  await office.goto(`${base}/units/new`);
  await office.fill('#code', `TR-E2E-${Date.now() % 100000}`);
  await office.fill('#name_en', 'Signals');
  await office.fill('#name_tr', 'Muhabere');
  await office.fill('#name_ar', 'إشارة');
  await office.fill('#max_away', '-3');
  await office.click('form.card button[type=submit]');
  assert.equal(await text(office.locator('#max_away-error')), 'negatif olamaz');
  assert.equal(await office.getAttribute('#max_away', 'aria-invalid'), 'true');
  assert.equal(await office.inputValue('#name_tr'), 'Muhabere');
  assert.equal(await office.inputValue('#max_away'), '-3');
  // The summary above the form leads to the field.
  await office.click('#form-error a');
  assert.equal(await office.evaluate(() => document.activeElement?.id), 'max_away');
  if (shots) await office.screenshot({ path: `${shots}/unit-refused-tr.png` });
  await office.context().close();
});

await check('a nomination: refused with reasons, then approved by SY and accepted by TR', async () => {
  const cmd = await signIn('sy.unit_commander');
  await cmd.goto(`${base}/sessions`);
  await cmd.click('tr:has-text("MC-101/2027-1") a');
  await cmd.waitForURL(/\/sessions\/\d+$/);
  const sessionUrl = cmd.url();
  // The nominee select offers what the search finds as the commander types
  // (names, service number, or a rank code among the words).
  const search = async (words, rank) => {
    await cmd.fill('#nominee_q', words);
    await cmd.waitForFunction(
      (r) => [...document.querySelectorAll('#person_id option')].some((o) => o.value && o.textContent.includes(`(${r}, `))
        && [...document.querySelectorAll('#person_id option')].every((o) => !o.value || o.textContent.includes(`(${r}, `)),
      rank,
    );
    return cmd.locator('#person_id option').allTextContents();
  };
  // The course takes ranks OR-3 to OF-2: a colonel is refused, with the reason.
  let options = await search('of-5', 'OF-5');
  await cmd.selectOption('#person_id', { index: 0 });
  await cmd.click('#nominate-form button[type=submit]');
  await cmd.waitForSelector('.error li');
  assert.match(await text(cmd.locator('.error li').first()), /^rank: OF-5 is above the course's highest rank OF-2/);
  // The demo's seeded nominations take people from the top of the list: pick the last offered.
  options = await search('OR-5', 'OR-5');
  const sergeant = options.findLastIndex((o) => o.includes('(OR-5, '));
  await cmd.selectOption('#person_id', { index: sergeant });
  // Shown everywhere as on the option: name, rank and service number.
  nominee = options[sergeant].trim();
  await cmd.fill('#comment', 'recommended');
  await cmd.click('#nominate-form button[type=submit]');
  await cmd.waitForURL(sessionUrl);
  const row = (p) => p.locator(`tbody tr:has(td a:text-is("${nominee}"))`);
  assert.equal(await row(cmd).locator('td:nth-child(4)').getAttribute('data-code'), 'nominated');
  nominationUrl = base + await row(cmd).locator('td a').getAttribute('href');
  trainingSession = sessionUrl;

  const office = await signIn('sy.joint_office');
  await office.goto(sessionUrl);
  await row(office).locator('form[action$="/approve"] button').click();
  await office.waitForURL(sessionUrl);
  assert.equal(await row(office).locator('td:nth-child(4)').getAttribute('data-code'), 'approved');

  const host = await signIn('tr.joint_office');
  await host.goto(sessionUrl);
  assert.equal(await row(host).locator('form[action$="/approve"]').count(), 0, 'the host cannot approve for SY');
  await row(host).locator('form[action$="/accept"] input[name=comment]').fill('welcome');
  await row(host).locator('form[action$="/accept"] button').click();
  await host.waitForURL(sessionUrl);
  assert.equal(await row(host).locator('td:nth-child(4)').getAttribute('data-code'), 'accepted');
  const history = await row(host).locator('ol.history li').allTextContents();
  assert.equal(history.length, 3);
  assert.match(history[2], /^\d{4}-\d\d-\d\d \d\d:\d\d UTC — Accepted by the host — tr.joint_office \(TR\): welcome$/);
  if (shots) await host.screenshot({ path: `${shots}/session-en.png` });
});

await check('vetting gates the travel order; the order is a sealed PDF', async () => {
  assert.ok(nominationUrl, 'the nomination of the previous step');
  const staff = await signIn('tr.institution_staff');
  await staff.goto(nominationUrl);
  assert.equal(await staff.locator('form[action$="/order"]').count(), 0, 'no order before vetting');
  assert.ok(await staff.locator('.notice').count() > 0, 'the page says the order waits for vetting');
  const sender = await signIn('sy.joint_office');
  await sender.goto(nominationUrl);
  for (const check of ['security', 'medical']) {
    const row = sender.locator(`tr[data-check="${check}"]`);
    await row.locator('input[name=comment]').fill('cleared');
    await row.locator('button[value=passed]').click();
    await sender.waitForURL(nominationUrl);
  }
  assert.equal(await sender.locator('tr[data-check="language"] form').count(), 0, 'the sender cannot record the host\'s check');
  await staff.goto(nominationUrl);
  await staff.locator('tr[data-check="language"] select[name=level]').selectOption('B2');
  await staff.locator('tr[data-check="language"] button[value=passed]').click();
  await staff.waitForURL(nominationUrl);
  await staff.click('form[action$="/order"] button');
  await staff.waitForURL(nominationUrl);
  const reference = await staff.locator('#order-reference').textContent();
  assert.match(reference, /^ITO-TR-2027-\d{6}$/);
  const [download] = await Promise.all([staff.waitForEvent('download'), staff.click('#order-pdf')]);
  const file = await download.path();
  const bytes = (await import('node:fs')).readFileSync(file);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(bytes.includes(Buffer.from('%ITTIFAQ-SEAL v1 ')), 'the order carries the seal');
  if (shots) await staff.screenshot({ path: `${shots}/training-order-en.png`, fullPage: true });
});

await check('arrival, tablet attendance, completion and the certificate', async () => {
  const staff = await signIn('tr.institution_staff');
  await staff.goto(nominationUrl);
  await staff.click('form[action$="/arrival"] button');
  await staff.waitForURL(nominationUrl);
  assert.match(await staff.locator('#arrived-on').textContent(), /^2027-\d\d-\d\d$/);
  for (const status of ['confirmed', 'running']) {
    await staff.goto(trainingSession);
    await staff.selectOption('#status', status);
    await staff.click('form[action$="/status"] button');
    await staff.waitForURL(trainingSession);
  }
  const teacher = await signIn('tr.instructor');
  await teacher.setViewportSize({ width: 800, height: 1100 });
  await teacher.goto(trainingSession);
  assert.equal(await teacher.locator('a.button[href$="/attendance"]').count(), 0, 'not yet their session');
  // The institution assigns the session's instructor on its page; only then do they see its trainees.
  await staff.goto(trainingSession);
  await staff.selectOption('#instructor', 'tr.instructor');
  await staff.click('#instructors form:has(#instructor) button');
  await staff.waitForSelector('#instructors li:has-text("tr.instructor")');
  await teacher.goto(trainingSession);
  await teacher.click('a.button[href$="/attendance"]');
  const person = teacher.locator(`fieldset.mark-row:has(legend:text("${nominee}"))`);
  await person.locator('label.mark-present').click();
  await teacher.click('button.big');
  await teacher.waitForSelector('[role=status]');
  assert.ok(await person.locator('input[value=present]').isChecked(), 'the mark is saved');
  if (shots) await teacher.screenshot({ path: `${shots}/attendance-tablet.png` });
  // The classroom loses its connection: the marks stay on the tablet and go when it returns.
  const attendanceUrl = teacher.url();
  await teacher.context().setOffline(true);
  await person.locator('label.mark-absent').click();
  await teacher.click('button.big');
  await teacher.waitForSelector('#offline-status.warning');
  assert.match(await teacher.locator('#offline-status').textContent(), /No connection/);
  await teacher.context().setOffline(false);
  await teacher.waitForSelector('#offline-status.notice');
  await teacher.goto(attendanceUrl.split('?')[0]);
  assert.ok(await teacher.locator(`fieldset.mark-row:has(legend:text("${nominee}")) input[value=absent]`).isChecked(),
    'the mark kept offline reached the server');
  await teacher.locator(`fieldset.mark-row:has(legend:text("${nominee}")) label.mark-present`).click();
  await teacher.click('button.big');
  await teacher.waitForSelector('[role=status]');
  await teacher.goto(nominationUrl);
  await teacher.fill('#a-name', 'Field test');
  await teacher.fill('#a-score', '88');
  await teacher.click('form[action$="/assessments"] button');
  await teacher.waitForURL(nominationUrl);
  await teacher.selectOption('#outcome', 'completed');
  await teacher.fill('#grade', 'A');
  await teacher.click('form[action$="/result"] button');
  await teacher.waitForURL(nominationUrl);
  assert.equal(await teacher.locator('#status').getAttribute('data-code'), 'completed');
  const code = await teacher.locator('#certificate-code').textContent();
  assert.match(code, /^CERT-TR-2027-\d{6}-[0-9A-Z]{12}$/);
  // The instructor grades; the documents are the institution's and the parties' offices' to hand out.
  assert.equal(await teacher.locator('#certificate-pdf').count(), 0, 'no download the instructor may not use');
  await staff.goto(nominationUrl);
  const [download] = await Promise.all([staff.waitForEvent('download'), staff.click('#certificate-pdf')]);
  certificateFile = await download.path();
  if (shots) await staff.screenshot({ path: `${shots}/training-record-en.png`, fullPage: true });
});

await check('anyone verifies the certificate; one altered byte fails it', async () => {
  assert.ok(certificateFile, 'the certificate of the previous step');
  const fs = await import('node:fs');
  const ctx = await browser.newContext({ locale: 'ar', viewport: { width: 1280, height: 860 } });
  const pub = await ctx.newPage();
  await pub.goto(`${base}/verify/CERT-TR-2027-000000`);
  await pub.setInputFiles('#file', certificateFile);
  await pub.click('form[action="/verify"] button');
  await pub.waitForSelector('#verdict');
  assert.equal(await pub.getAttribute('#verdict', 'data-status'), 'valid');
  assert.equal(await pub.getAttribute('#standing', 'data-status'), 'valid');
  if (shots) await pub.screenshot({ path: `${shots}/verify-ar.png` });
  const bytes = fs.readFileSync(certificateFile);
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  const altered = `${certificateFile}-altered.pdf`;
  fs.writeFileSync(altered, bytes);
  await pub.setInputFiles('#file', altered);
  await pub.click('form[action="/verify"] button');
  await pub.waitForSelector('#verdict');
  assert.equal(await pub.getAttribute('#verdict', 'data-status'), 'altered');
});

await check('pages fit their screens: the audit and the ledger at 1280 px, the calendar and a record at 390 px, the sign-in sheet scrolls inside its box on a tablet', async () => {
  const fits = async (user, width, paths) => {
    const p = await signIn(user);
    await p.setViewportSize({ width, height: 860 });
    for (const path of paths) {
      await p.goto(path.startsWith('http') ? path : `${base}${path}`);
      const [scroll, client] = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${user} at ${width} px: ${path} is ${scroll} px wide`);
    }
    return p;
  };
  await (await fits('tr.auditor', 1280, ['/audit', '/ledger'])).context().close();
  const office = await fits('tr.joint_office', 390, ['/calendar', '/sessions', nominationUrl]);
  await office.goto(`${base}/people`);
  const record = await office.locator('a[href^="/people/"]').first().getAttribute('href');
  await office.goto(`${base}${record}`);
  const [scroll, client] = await office.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `a person's record at 390 px is ${scroll} px wide (${record})`);
  await office.context().close();
  const staff = await fits('tr.institution_staff', 768, [`${trainingSession}/sign-in-sheet`]);
  const box = await staff.evaluate(() => { const b = document.querySelector('.scroll-x'); return b && getComputedStyle(b).overflowX; });
  assert.equal(box, 'auto', 'the sheet scrolls inside its own box');
  await staff.context().close();
});

await check('a trainee finds their training in Arabic: courses, documents and the transcript PDF', async () => {
  const trainee = await signIn('sy.trainee');
  await trainee.selectOption('#lang-select', 'ar');
  await trainee.click('form.lang button');
  await trainee.click('nav a[href="/my-training"]');
  assert.equal(await trainee.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await text(trainee.locator('h1')), 'تدريبي');
  assert.ok(await trainee.locator('article[data-nomination]').count() >= 1, 'at least one enrolment');
  const [download] = await Promise.all([trainee.waitForEvent('download'), trainee.click('#transcript')]);
  const fs = await import('node:fs');
  const pdf = fs.readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  if (shots) await trainee.screenshot({ path: `${shots}/my-training-ar.png`, fullPage: true });
  await trainee.context().close();
});

await check('the header search finds a session by its code, in Turkish; the catalog filters by status as it is chosen', async () => {
  const office = await signIn('tr.joint_office');
  await office.selectOption('#lang-select', 'tr');
  await office.click('form.lang button');
  await office.goto(`${base}/sessions`);
  const code = (await text(office.locator('#results tbody tr td').first())).trim();
  await office.fill('#global-q', code);
  await office.press('#global-q', 'Enter');
  await office.waitForURL(/\/search\?q=/);
  assert.equal(await text(office.locator('h1')), 'Arama');
  assert.ok((await text(office.locator('#found-sessions'))).includes(code), `${code} among the sessions found`);
  await office.goto(`${base}/sessions`);
  const all = await office.locator('#results tbody tr').count();
  await office.selectOption('#status', 'completed');
  await office.waitForFunction(() => document.location.search.includes('status=completed'));
  await office.waitForFunction((n) => document.querySelectorAll('#results tbody tr').length !== n, all);
  const statuses = (await office.locator('#results tbody tr td:nth-child(7)').allTextContents()).map((s) => s.replace(isolated, '').trim());
  assert.ok(statuses.length > 0, 'the demo has completed sessions');
  assert.ok(statuses.every((s) => s === 'Tamamlandı'), `only completed sessions: ${statuses}`);
  await office.context().close();
});

await check('assistance: the plans by track in Arabic; activating an incomplete plan names what is missing beside the button', async () => {
  const office = await signIn('tr.joint_office');
  await office.selectOption('#lang-select', 'ar');
  await office.click('form.lang button');
  await office.click('nav a[href="/assistance"]');
  assert.equal(await text(office.locator('h1')), 'خطط العمل');
  assert.equal(await office.locator('#plans tbody tr').count(), 3);
  await office.click('#plans a:text("TA-CC-01")');
  assert.equal(await office.getAttribute('#plan-status', 'data-code'), 'draft');
  await office.click('#activate button');
  await office.waitForSelector('#activate-error');
  const said = await text(office.locator('#activate-error'));
  assert.ok(said.includes('لا توجد خطة استدامة'), said);
  await office.goto(`${base}/assistance`);
  await office.click('#plans a:text("TA-MS-01")');
  assert.equal(await office.getAttribute('#plan-status', 'data-code'), 'active');
  assert.equal(await office.locator('#objective').count(), 0, 'an active plan has no form to change it');
  if (shots) await office.screenshot({ path: `${shots}/plan-ar.png`, fullPage: true });
  await office.context().close();
});

await (await import('./assistance.mjs')).assistanceChecks({ base, check, signIn, shots });
await (await import('./decon.mjs')).default({ browser, base, password, check, shots });
await (await import('./allocation.mjs')).allocationChecks({ base, check, signIn, shots }); // Seat allocation (issue 5).
await (await import('./integration.mjs')).integrationChecks({ base, check, signIn, shots }); // Force integration (issue 20).

if (shots) {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.selectOption('#lang-select', 'tr');
  await page.click('form.lang button');
  await page.goto(`${base}/courses`);
  await page.screenshot({ path: `${shots}/courses-tr.png` });
  await page.goto(`${base}/`);
  await page.screenshot({ path: `${shots}/home-tr.png` });
}

await (await import('./hotline.mjs')).hotline({ browser, base, password, check, shots });
await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
