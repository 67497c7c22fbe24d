// Real-browser test of the analyst's screens: a real node (the `mekong` binary)
// with imported transactions, driven by headless Chromium through playwright-core.
// The analyst signs in with a password and a TOTP code first; the bank feed posts
// with an API token.
//
// It builds nothing: the binary comes from MEKONG_BIN (default target/debug/mekong,
// relative to the repository root). Run from the repository root:
//   MEKONG_BIN=target/debug/mekong node --test tests/browser/
// Screenshots go to tests/browser/out/, which git ignores.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { Node, fixtures, openSignedIn, outDir } from './support.mjs';

// Limit that only stops a hung run; a healthy run stays far below it.
const EVENT_LIMIT_MS = 30_000;

let node;
let analyst;
let feedToken;
let base;
let browser;
let page;

before(async () => {
  node = new Node();
  node.run(['init', '--node-id', 'cn-browser-test', '--country', 'CN', '--agency', 'TEST']);
  node.runAs('cli-analyst', ['import', 'transactions', '--format', 'canonical', path.join(fixtures, 'alerts.csv')]);
  analyst = node.addUser('analyst', ['fiu_analyst'], 'correct horse battery staple 7');
  feedToken = node.createToken('browser-feed', ['transactions:submit']);

  ({ base, browser, page } = await openSignedIn(node, analyst));
});

after(async () => {
  await browser?.close();
  await node?.stop();
});

async function changeStatus(to, reason) {
  await page.selectOption('select[name="to"]', to);
  await page.fill('textarea[name="reason"]', reason);
  await page.click('form.status button[type="submit"]');
}

test('alerts list shows imported alerts', async () => {
  await page.goto(`${base}/alerts?lang=en`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'Alerts');

  const rows = page.locator('#alert-rows tr');
  assert.ok((await rows.count()) >= 3, 'the fixture raises a large-amount, a fan-in and a structuring alert');
  const text = await page.textContent('#alert-rows');
  for (const rule of ['Large single amount', 'Fan-in', 'Structuring']) {
    assert.ok(text.includes(rule), `no ${rule} alert in the list`);
  }
  await page.screenshot({ path: path.join(outDir, 'alerts-en.png'), fullPage: true });
});

test('alert moves through review to escalation', async () => {
  await page.goto(`${base}/alerts?lang=en&rule=fan_in`);
  await page.locator('#alert-rows tr').first().locator('a').first().click();
  await page.waitForSelector('#fund-flow');
  assert.match(await page.textContent('h1'), /Fan-in/);
  assert.equal(await page.getAttribute('#alert-status [data-status]', 'data-status'), 'open');
  assert.ok((await page.locator('#fund-flow .flow-edge').count()) >= 10, 'one arrow per sender');

  await changeStatus('under_review', 'Fourteen senders in one day; checking the receiver.');
  await page.waitForSelector('#alert-status [data-status="under_review"]');
  assert.equal(await page.textContent('#alert-status'), 'under review');
  assert.match(await page.textContent('#history'), /Fourteen senders in one day/);

  // An empty reason is refused with a message and changes nothing.
  await changeStatus('escalated', '   ');
  await page.waitForSelector('.errors');
  assert.match(await page.textContent('.errors'), /Give a reason for the change/);
  assert.equal(await page.textContent('#alert-status'), 'under review');

  await changeStatus('escalated', 'Collection account of an order-brushing scam; passed to the investigators.');
  await page.waitForSelector('#alert-status [data-status="escalated"]');
  assert.equal(await page.textContent('#alert-status'), 'escalated');
  assert.equal(await page.locator('#history tbody tr').count(), 2);
  assert.match(await page.textContent('#history'), /passed to the investigators/);
  assert.ok(await page.isVisible('#status-closed'));

  await page.screenshot({ path: path.join(outDir, 'alert-detail.png'), fullPage: true });
});

test('language switch translates the page', async () => {
  const detail = page.url();

  await page.click('nav.langs a[hreflang="zh-CN"]');
  await page.waitForSelector('html[lang="zh-CN"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('#alert-status'), '已上报');
  assert.match(await page.textContent('body'), /状态历史/);
  await page.screenshot({ path: path.join(outDir, 'alert-detail-zh-CN.png'), fullPage: true });

  await page.click('nav.langs a[hreflang="lo"]');
  await page.waitForSelector('html[lang="lo"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'lo');
  assert.equal(await page.textContent('#alert-status'), 'ສົ່ງຕໍ່ແລ້ວ');
  assert.match(await page.textContent('body'), /ປະຫວັດສະຖານະ/);
  await page.screenshot({ path: path.join(outDir, 'alert-detail-lo.png'), fullPage: true });

  // The choice is kept in a cookie for the next page.
  await page.goto(`${base}/alerts`);
  assert.equal(await page.getAttribute('html', 'lang'), 'lo');
  assert.equal(await page.textContent('h1'), 'ການແຈ້ງເຕືອນ');
  await page.screenshot({ path: path.join(outDir, 'alerts-lo.png'), fullPage: true });

  await page.goto(`${base}/alerts?lang=zh-CN`);
  assert.equal(await page.textContent('h1'), '预警');
  await page.screenshot({ path: path.join(outDir, 'alerts-zh-CN.png'), fullPage: true });

  const account = await page.locator('#alert-rows a.key').first().getAttribute('href');
  for (const tag of ['en', 'zh-CN', 'lo']) {
    await page.goto(`${base}${account}?lang=${tag}`);
    assert.equal(await page.getAttribute('html', 'lang'), tag);
    await page.screenshot({ path: path.join(outDir, `account-${tag}.png`), fullPage: true });
  }
  await page.goto(`${detail}?lang=en`);
});

test('new alert appears without reload', async () => {
  await page.goto(`${base}/alerts?lang=en`);
  await page.waitForSelector('#alert-rows[data-live="open"]', { timeout: EVENT_LIMIT_MS });
  await page.evaluate(() => { window.mekongNoReload = true; });
  const before = await page.locator('#alert-rows tr').count();

  const unauthenticated = await fetch(`${base}/api/v1/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transactions: [] }),
  });
  assert.equal(unauthenticated.status, 401, 'the API took a request without a token');

  const response = await fetch(`${base}/api/v1/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${feedToken}` },
    body: JSON.stringify({
      transactions: [{
        id: 'browser-live-001',
        timestamp: '2026-03-06T11:00:00+08:00',
        debtor: { bank: 'ICBC', account: '6222020000000777', country: 'CN' },
        creditor: { bank: 'BCEL', account: '010120000000777', country: 'LA' },
        amount: '1250000.00',
        currency: 'CNY',
        channel: 'transfer',
        reference: 'live test',
      }],
    }),
  });
  assert.equal(response.status, 200);
  const [result] = (await response.json()).results;
  assert.equal(result.status, 'accepted');
  assert.ok(result.alerts.length >= 1, JSON.stringify(result));

  await page.waitForSelector(`[id="alert-${result.alerts[0]}"]`, { timeout: EVENT_LIMIT_MS });
  assert.ok(await page.evaluate(() => window.mekongNoReload === true), 'the page was reloaded');
  assert.ok(await page.isVisible('#new-alerts'));
  assert.match(await page.textContent('#new-alerts'), /^\d+ new alerts?$/);
  assert.equal(await page.locator('#alert-rows tr').count(), before + result.alerts.length);
  assert.equal(await page.getAttribute('#alert-rows tr >> nth=0', 'class'), 'new');
  await page.screenshot({ path: path.join(outDir, 'alerts-live.png'), fullPage: true });
});

test('pages load without browser errors', () => {
  assert.deepEqual(browser.errors, []);
});
