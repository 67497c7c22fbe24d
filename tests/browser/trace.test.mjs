// Real-browser test of the path from an alert to frozen accounts: an FIU analyst
// opens the alert about a victim's payment, traces the money through three hops,
// views the graph and requests freezes for the accounts still holding it; a
// supervisor, a different user, approves one request, the freeze turns active and
// the bank feed's next debit from that account gets `hold`.
//
// It builds nothing: the binary comes from MEKONG_BIN (default target/debug/mekong,
// relative to the repository root). Run from the repository root after
// `cargo build -p mekong`:
//   node --test tests/browser/trace.test.mjs
// Screenshots go to tests/browser/out/, which git ignores.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { Node, fixtures, launchBrowser, outDir, signIn } from './support.mjs';

// The fixture's chain: the victim pays mule A, A splits to B and C, B wires most of
// its share to Laos and C withdraws cash.
const VICTIM = 'ICBC/6222020000000100';
const MULE_A = 'CCB/6217000000000201';
const MULE_B = 'ABC/6228480000000302';
const MULE_C = 'BOC/6216600000000403';
const LAOS = 'BCEL/010120000000504';
const CASH = 'BOC/ATM0001';
const CASE = 'CASE-2026-0311';

let node;
let analyst;
let supervisor;
let feedToken;
let base;
let analystBrowser;
let supervisorBrowser;
// Freeze ids by account, filled by the freeze-request test.
const freezes = new Map();

before(async () => {
  node = new Node();
  node.run(['init', '--node-id', 'cn-browser-trace', '--country', 'CN', '--agency', 'TEST']);
  node.runAs('cli-analyst', ['import', 'transactions', '--format', 'canonical', path.join(fixtures, 'trace.csv')]);
  analyst = node.addUser('trace-analyst', ['fiu_analyst'], 'correct horse battery staple 7');
  supervisor = node.addUser('trace-supervisor', ['supervisor'], 'correct horse battery staple 8');
  feedToken = node.createToken('trace-feed', ['transactions:submit']);

  await node.start();
  base = node.base;
  analystBrowser = await launchBrowser();
  await signIn(analystBrowser.page, base, analyst);
});

after(async () => {
  await analystBrowser?.close();
  await supervisorBrowser?.close();
  await node?.stop();
});

/** Returns the text of the table row of one account in a table. */
async function rowText(page, table, account) {
  return page.locator(`#${table} tr[data-account="${account}"]`).textContent();
}

test('alert leads to a traced graph', async () => {
  const page = analystBrowser.page;
  await page.goto(`${base}/alerts?lang=en&rule=large_amount`);
  await page.locator('#alert-rows tr', { hasText: VICTIM }).first().locator('a').first().click();
  await page.waitForSelector('#trace-funds');

  await Promise.all([page.waitForNavigation(), page.click('#trace-funds')]);
  assert.equal(new URL(page.url()).pathname, '/trace');
  assert.equal(await page.inputValue('#trace-form input[name="transaction"]'), 'trace-001');

  await page.fill('#trace-form input[name="case"]', CASE);
  await page.selectOption('#trace-form select[name="method"]', 'fifo');
  await Promise.all([page.waitForNavigation(), page.click('#trace-form button[type="submit"]')]);
  await page.waitForSelector('#trace-graph');

  assert.match(await page.textContent('#trace-summary'), /100000\.00 CNY traced through 6 accounts and 5 transactions/);
  assert.equal(await page.locator('#trace-graph .trace-edge').count(), 5, 'one arrow per pair of accounts');
  const graph = await page.textContent('#trace-graph');
  for (const label of ['100000.00 CNY', '60000.00 CNY', '30000.00 CNY', '50000.00 CNY', '20000.00 CNY']) {
    assert.ok(graph.includes(label), `no arrow labelled ${label}`);
  }
  assert.equal(await page.getAttribute(`#trace-graph a[data-account="${LAOS}"]`, 'data-stop'), 'cross_border');
  assert.equal(await page.getAttribute(`#trace-graph a[data-account="${CASH}"]`, 'data-stop'), 'cash_out');
  assert.match(await rowText(page, 'trace-nodes', MULE_A), /10000\.00 CNY/);
  assert.equal(await page.locator('#trace-holding tbody tr').count(), 4, 'A, B, C and the Lao account hold money');

  const csv = await page.getAttribute('#trace-csv', 'href');
  const download = await page.context().request.get(`${base}${csv}`);
  assert.equal(download.status(), 200);
  assert.match(download.headers()['content-type'], /^text\/csv/);
  assert.match(await download.text(), /trace-004/);

  await page.screenshot({ path: path.join(outDir, 'trace-en.png'), fullPage: true });
});

test('analyst requests freezes for holders', async () => {
  const page = analystBrowser.page;
  await page.selectOption('#trace-freeze select[name="legal_basis"]', 'cn-atof-20');
  await page.fill('#trace-freeze textarea[name="reason"]', 'Victim funds still in mule accounts minutes after the scam call');
  await Promise.all([page.waitForNavigation(), page.click('#trace-freeze button[type="submit"]')]);

  await page.waitForSelector('#trace-freezes');
  assert.match(await page.textContent('#trace-freeze-summary'), /4 freeze requests created/);
  for (const account of [MULE_A, MULE_B, MULE_C, LAOS]) {
    const link = page.locator(`#trace-freezes tr[data-account="${account}"] a.freeze-link`);
    freezes.set(account, await link.textContent());
  }
  assert.match(await rowText(page, 'trace-freezes', LAOS), /50000\.00 CNY/);
  assert.equal(await page.locator(`#trace-freezes tr[data-account="${CASH}"]`).count(), 0, 'cash cannot be frozen');
  await page.screenshot({ path: path.join(outDir, 'trace-freezes.png'), fullPage: true });

  // The requester may not approve their own request, so the page offers no approval.
  await page.goto(`${base}/freezes/${freezes.get(MULE_A)}?lang=en`);
  assert.equal(await page.getAttribute('#freeze-state', 'data-state'), 'requested');
  assert.equal(await page.locator('#form-approve').count(), 0, 'an FIU analyst cannot approve');
});

test('supervisor approves and debits hold', async () => {
  supervisorBrowser = await launchBrowser();
  const page = supervisorBrowser.page;
  await signIn(page, base, supervisor);

  await page.goto(`${base}/freezes/${freezes.get(MULE_A)}?lang=en`);
  assert.equal(await page.getAttribute('#freeze-state', 'data-state'), 'requested');
  await page.fill('#form-approve textarea[name="reason"]', 'Trace shows victim funds in this account');
  await Promise.all([page.waitForNavigation(), page.click('#form-approve button[type="submit"]')]);
  await page.waitForSelector('#freeze-state[data-state="active"]');
  await page.screenshot({ path: path.join(outDir, 'trace-freeze-active.png'), fullPage: true });

  const [bank, account] = MULE_A.split('/');
  const response = await fetch(`${base}/api/v1/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${feedToken}` },
    body: JSON.stringify({
      transactions: [{
        id: 'trace-after-freeze',
        timestamp: '2026-03-03T11:00:00+08:00',
        debtor: { bank, account, country: 'CN' },
        creditor: { bank: 'CMB', account: '6225880000000999', country: 'CN' },
        amount: '5000.00',
        currency: 'CNY',
        channel: 'mobile',
        reference: 'after freeze',
      }],
    }),
  });
  assert.equal(response.status, 200);
  const [result] = (await response.json()).results;
  assert.equal(result.decision, 'hold', JSON.stringify(result));
});

test('trace pages have no browser errors', () => {
  assert.deepEqual(analystBrowser.errors, []);
  assert.deepEqual(supervisorBrowser?.errors ?? [], []);
});
