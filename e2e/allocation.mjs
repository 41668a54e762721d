// The seat allocation in the browser: the Turkish joint office runs the
// allocator for the demo's oversubscribed session, reads the refusals with
// their reasons, pins a refused nomination and solves again, then both joint
// offices commit the plan and the session shows the seats taken.
import assert from 'node:assert/strict';

export async function allocationChecks({ base, check, signIn, shots }) {
  let runUrl = '';
  let pinned = '';
  await check('allocation: a run shows the plan, fairness and each refusal with its reason', async () => {
    const tr = await signIn('tr.joint_office');
    await tr.goto(`${base}/sessions`);
    const dates = await tr.locator('tr:has-text("/ALLOC") td:nth-child(4)').textContent();
    const start = dates.trim().slice(0, 10);
    await tr.goto(`${base}/allocation`);
    await tr.fill('#from', start);
    await tr.fill('#to', start);
    await tr.click('#alloc-run button');
    await tr.waitForURL(/\/allocation\/runs\/\d+$/);
    runUrl = tr.url();
    assert.equal(await tr.locator('#alloc-state').textContent(), 'proposed');
    assert.equal(await tr.locator('#alloc-parties tbody tr').count(), 2);
    const seats = await tr.locator('#alloc-sessions tr:has-text("/ALLOC") td:nth-child(5)').textContent();
    assert.equal(seats.trim(), '4 / 4');
    const refused = tr.locator('#alloc-plan tr.refused');
    assert.equal(await refused.count(), 6);
    assert.match(await refused.first().locator('td.decision').textContent(), /not granted: the (session is full|party's quota is used up)/);
    if (shots) await tr.screenshot({ path: `${shots}/allocation-en.png`, fullPage: true });
    // Pin the first refused nomination and solve again.
    pinned = (await refused.first().getAttribute('id')) || '';
    await tr.selectOption(`#alloc-plan tr#${pinned} select`, 'pin');
    await tr.click('#alloc-adjust button[type=submit]');
    await tr.waitForURL((u) => /\/allocation\/runs\/\d+$/.test(u.pathname) && u.href !== runUrl);
    runUrl = tr.url();
    assert.match(await tr.locator(`#alloc-plan tr#${pinned} td.decision`).textContent(), /Granted · pinned/);
    assert.ok(await tr.locator('#alloc-changes tbody tr').count() >= 2, 'the pinned seat and the one it displaced');
    await tr.click('#alloc-commit button');
    await tr.waitForURL(runUrl);
    assert.match(await tr.locator('#alloc-keys').textContent(), /TR: tr\.joint_office/);
    assert.equal(await tr.locator('#alloc-commit').count(), 0, 'TR has given its key');
  });

  await check('allocation: the second key applies the plan through both keys', async () => {
    const sy = await signIn('sy.joint_office');
    await sy.goto(runUrl);
    await sy.click('#alloc-commit button');
    await sy.waitForURL(runUrl);
    assert.equal(await sy.locator('#alloc-state').textContent(), 'committed by both parties');
    // The host's office sees every nomination of its session (SY's sees its own).
    const tr = await signIn('tr.joint_office');
    await tr.goto(`${base}/sessions`);
    await tr.click('tr:has-text("/ALLOC") a');
    const statuses = await tr.locator('table tbody tr td:nth-child(4)').evaluateAll((cells) => cells.map((c) => c.dataset.code));
    assert.equal(statuses.filter((s) => s === 'accepted').length, 4, statuses.join(', '));
    assert.equal(statuses.filter((s) => s === 'waitlisted').length, 6, statuses.join(', '));
  });
}
