// Force integration in the browser: the integrating party's joint office
// opens a formation's roster, filters those to review, uploads a CSV with a
// fault (named by its line) and then a good one; the other party, in
// Arabic, sees the board right to left, a formation's burn-up chart and its
// figures, and no roster.
import assert from 'node:assert/strict';

export async function integrationChecks({ base, check, signIn, shots }) {
  await check('integration: the roster takes a CSV whole or names each faulty line; those to review are one click away', async () => {
    const office = await signIn('sy.joint_office');
    await office.goto(`${base}/integration`);
    assert.equal(await office.locator('#board tbody tr').count(), 3);
    await office.click('#board a:text("F-SOUTH")');
    await office.click('#roster-link');
    await office.waitForSelector('#roster');
    await office.check('input[name=flagged]');
    await office.click('#roster-filter button');
    await office.waitForSelector('#roster tbody tr.flagged');
    const flagged = await office.locator('#roster tbody tr').count();
    assert.ok(flagged > 0 && (await office.locator('#roster tbody tr.flagged').count()) === flagged, `${flagged} to review`);
    const bad = 'roster_ref,full_name,date_of_birth\nX-1,Ali Haydar,1990-01-02\nX-2,Omar Said,1991-02-30\n';
    await office.setInputFiles('#roster-file', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await office.click('#import button');
    await office.waitForSelector('#import-faults');
    const fault = await office.locator('#import-faults tbody tr').first().textContent();
    assert.ok(fault.includes('3') && fault.includes('date_of_birth'), fault);
    const good = 'roster_ref,full_name,date_of_birth,mother_name,birthplace\nX-1,Ali Haydar Browser,1990-01-02,Safiya Browser,Saraqib\n';
    await office.setInputFiles('#roster-file', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await office.click('#import button');
    await office.waitForSelector('#import-outcome');
    assert.ok((await office.locator('#import-outcome').textContent()).includes('1'));
    const found = new URL(office.url());
    found.search = '?q=X-1';
    await office.goto(found.toString());
    await office.waitForSelector('#roster');
    const listed = await office.locator('#roster tbody').textContent();
    assert.ok(listed.includes('Safiya Browser') && listed.includes('Saraqib'), 'the mother\'s name and the place of birth listed');
    if (shots) await office.screenshot({ path: `${shots}/roster.png`, fullPage: true });
    await office.context().close();
  });

  await check('integration: the other party reads the board right to left, the burn-up and its figures, and no roster', async () => {
    const other = await signIn('tr.joint_office');
    await other.selectOption('#lang-select', 'ar');
    await other.click('form.lang button');
    await other.goto(`${base}/integration`);
    assert.equal(await other.getAttribute('html', 'dir'), 'rtl');
    await other.click('#board a:text("F-NORTH")');
    await other.waitForSelector('#chart-formation');
    assert.equal(await other.locator('#roster-link').count(), 0, 'no roster of SY for TR');
    assert.ok((await other.locator('#roster-figures dd').count()) > 0, 'the roster in figures');
    await other.click('details:has(#burn-up-table) summary');
    assert.ok((await other.locator('#burn-up-table tbody tr').count()) > 0);
    const roster = await other.goto(`${base}${new URL(other.url()).pathname}/roster`);
    assert.ok([403, 404].includes(roster.status()), `the roster answers ${roster.status()}`);
    if (shots) await other.screenshot({ path: `${shots}/formation-ar.png`, fullPage: true });
    await other.context().close();
  });
}
