// The hotline in two browsers at once: the Turkish duty officer sends a flash
// message, the Syrian officer's open hotline page shows it without a reload
// (server-sent events), the Syrian officer acknowledges it, and the Turkish
// page in turn shows it acknowledged.
import assert from 'node:assert/strict';

async function signIn(browser, base, password, user) {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${base}/hotline`);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('form.card button[type=submit]');
  await page.waitForURL(`${base}/hotline`);
  // The page's event stream is open.
  await page.waitForSelector('html[data-hotline=live]', { state: 'attached' });
  return { context, page };
}

export async function hotline({ browser, base, password, check, shots }) {
  let tr;
  let sy;
  const subject = `Artillery drill ${Date.now()}`;
  await check('hotline: both officers open the hotline; the demo shows every stage', async () => {
    tr = await signIn(browser, base, password, 'tr.deconfliction_officer');
    sy = await signIn(browser, base, password, 'sy.deconfliction_officer');
    const outbox = await tr.page.locator('#outbox').textContent();
    assert.match(outbox, /Logistics convoy from Kilis to Azaz/);
    assert.equal(await tr.page.locator('#outbox tr[data-status=acknowledged]').count() >= 1, true);
    assert.equal(await sy.page.locator('#inbox tr.escalated').count() >= 1, true, 'an escalated message is marked');
    assert.match(await tr.page.locator('#inbox').textContent(), /Demining near Afrin/);
  });
  await check('hotline: a message sent by TR appears live on the SY page, which SY acknowledges', async () => {
    await sy.page.evaluate(() => { window.notReloaded = true; });
    await tr.page.selectOption('#to', 'SY');
    await tr.page.selectOption('#priority', 'flash');
    await tr.page.fill('#subject', subject);
    await tr.page.fill('#body', 'Live firing in grid 37S from 10:00 for two hours.');
    await tr.page.click('#compose button[type=submit]');
    await tr.page.waitForURL(`${base}/hotline`);
    await tr.page.waitForSelector('html[data-hotline=live]', { state: 'attached' });
    const row = sy.page.locator('#inbox tr', { hasText: subject });
    await row.waitFor();
    assert.equal(await sy.page.evaluate(() => window.notReloaded), true, 'the page updated without a reload');
    assert.match(await row.locator('.countdown').textContent(), /^[0-3]:\d\d$/, 'a flash message: three minutes');
    if (shots) await sy.page.screenshot({ path: `${shots}/hotline-sy.png` });
    await row.locator('input[name=reply]').fill('Understood, our units hold.');
    await row.locator('button[type=submit]').click();
    await sy.page.waitForURL(/\/hotline\/messages\/\d+/);
    assert.match(await sy.page.locator('article[data-status=acknowledged]').first().textContent(), /Understood, our units hold/);
    // And the Turkish page hears of the acknowledgement.
    await tr.page.locator('#outbox tr[data-status=acknowledged]', { hasText: subject }).waitFor();
  });
  await tr?.context.close();
  await sy?.context.close();
}
