// An advisor's report cycle in the browser: TR's advisor writes this
// month's report on DEP-TR-01 with a measurement and submits it; SY's joint
// office returns it with a comment, in Arabic; the advisor fixes the value
// and submits again; SY approves; TR's joint office sees this month's figure
// move on the plan's progress page (chart and table) and downloads the PDF.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export async function assistanceChecks({ base, check, signIn, shots }) {
  await check('assistance: an advisor files a report, SY returns it, the advisor fixes it, SY approves, the chart moves and the PDF downloads', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tr = await signIn('tr.joint_office');
    await tr.goto(`${base}/assistance`);
    await tr.click('#plans a:text("TA-MS-01")');
    await tr.click('#progress-link');
    const progress = tr.url();
    // This month's figures of O1.1 (a mean over every advisor's values of the month).
    const month = today.slice(0, 7);
    const monthRow = () => tr.locator(`section[data-indicator="O1.1"] tr:has(td:text-is("${month}"))`).allTextContents();
    const before = await monthRow();

    const adv = await signIn('tr.advisor');
    await adv.goto(`${base}/assistance/deployments`);
    await adv.click('#deployments a:text("DEP-TR-01")');
    const deployment = adv.url();
    const day = await adv.locator('#report_due_on option').first().getAttribute('value');
    const write = async (value) => {
      await adv.goto(deployment);
      await adv.selectOption('#report_due_on', day);
      await adv.fill('#report_summary', 'Three more depots report weekly.');
      await adv.selectOption('#report_p_M1', 'underway');
      await adv.fill('#report_m_O1_1_value', value);
      await adv.fill('#report_m_O1_1_measured_on', today);
      await adv.fill('#report_m_O1_1_method', 'Count of weekly returns');
      await adv.click('#report button[type=submit]');
      await adv.waitForURL(/\/assistance\/reports\/\d+$/);
      await adv.click('#submit button');
      await adv.waitForSelector('#report-status[data-code="submitted"]');
    };
    await write('81');
    const report = adv.url();

    const sy = await signIn('sy.joint_office');
    await sy.selectOption('#lang-select', 'ar');
    await sy.click('form.lang button');
    await sy.goto(report);
    assert.equal(await sy.locator('#report-notes').count(), 0, 'the working notes are not released to SY');
    await sy.fill('#review_comment', 'The figure counts the central depot twice.');
    await sy.click('#review button:not(#approve)');
    await sy.waitForSelector('#report-status[data-code="returned"]');

    await adv.goto(report);
    assert.ok((await adv.locator('#review-comment').textContent()).includes('central depot twice'));
    await write('79');

    await sy.goto(report);
    await sy.click('#approve');
    await sy.waitForSelector('#report-status[data-code="approved"]');
    if (shots) await sy.screenshot({ path: `${shots}/advisor-report-ar.png`, fullPage: true });

    await tr.goto(progress);
    const after = await monthRow();
    assert.equal(after.length, 1, `this month has its row: ${after}`);
    assert.notDeepEqual(after, before, 'the approved value moved this month\'s figure');
    const point = tr.locator(`#chart-O1-1 circle.reported title:text-matches("${month}-15")`);
    assert.equal(await point.count(), 1, 'and the chart has this month\'s point');
    const [download] = await Promise.all([tr.waitForEvent('download'), tr.click('#progress-pdf')]);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    if (shots) await tr.screenshot({ path: `${shots}/progress-en.png`, fullPage: true });
    for (const p of [tr, adv, sy]) await p.context().close();
  });
}
