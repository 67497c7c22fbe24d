// Real-browser test of the evidence screens. An investigator signs in, uploads a
// Telegram export with Chinese messages and a WhatsApp export with Lao messages through
// the upload form, searches a Chinese and a Lao word that sit inside sentences without
// spaces, checks that the hits are marked, opens an item and verifies its chain of custody.
// The upload carries its CSRF token as the first body field, never in the URL.
// An auditor then opens the audit trail of these uploads, which must fit a 1280px
// wide window in every language.
//
// Run from the repository root, after `cargo build -p mekong`:
//   node --test tests/browser/evidence.test.mjs
// Screenshots go to tests/browser/out/, which git ignores.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  Node,
  fixtures,
  launchBrowser,
  openSignedIn,
  outDir,
  submitCode,
  submitPassword,
  submitUpload,
  unusedCode,
} from './support.mjs';

const CASE = 'MB-2026-0042';

let node;
let investigator;
let auditor;
let base;
let browser;
let page;

before(async () => {
  node = new Node();
  node.run(['init', '--node-id', 'cn-evidence-test', '--country', 'CN', '--agency', 'TEST']);
  investigator = node.addUser('investigator', ['investigator'], 'evidence screens test 2026');
  auditor = node.addUser('auditor', ['auditor'], 'audit screen test 2026');

  ({ base, browser, page } = await openSignedIn(node, investigator));
});

after(async () => {
  await browser?.close();
  await node?.stop();
});

function shot(name) {
  return page.screenshot({ path: path.join(outDir, name), fullPage: true });
}

/** Runs a search in the form and returns the marked words of the hits. */
async function search(query) {
  await page.goto(`${base}/evidence/search?lang=en&case=${encodeURIComponent(CASE)}`);
  await page.fill('#evidence-search input[name="q"]', query);
  await Promise.all([page.waitForNavigation(), page.click('#evidence-search button[type="submit"]')]);
  return page.locator('#hits .hit-text mark').allTextContents();
}

test('investigator uploads two chat exports', async () => {
  await page.goto(`${base}/evidence?lang=en`);
  await Promise.all([page.waitForNavigation(), page.click('#upload-link')]);
  assert.equal(new URL(page.url()).pathname, '/evidence/new');

  await page.fill('#evidence-upload input[name="case"]', CASE);
  await page.selectOption('#evidence-upload select[name="kind"]', 'chat_history');
  await page.fill('#evidence-upload input[name="exhibit"]', 'EX-0042-01');
  await page.fill('#evidence-upload input[name="seal"]', 'SEAL-88123');
  await page.fill('#evidence-upload input[name="device_type"]', 'Android phone');
  await page.fill('#evidence-upload input[name="imei"]', '352099001761481');
  await page.fill('#evidence-upload input[name="collected_by"]', 'investigator');
  await page.fill('#evidence-upload input[name="location"]', 'Boten, Luang Namtha');
  await page.fill('#evidence-upload input[name="collected_at"]', '2026-03-02T09:30:00');
  await page.fill('#evidence-upload input[name="collected_zone"]', '+07:00');
  await page.fill('#evidence-upload textarea[name="authority"]', 'Search warrant 2026-17');
  await page.setInputFiles('#evidence-upload input[type="file"]', [
    path.join(fixtures, 'chat-telegram.json'),
    path.join(fixtures, 'chat-whatsapp.txt'),
  ]);
  await submitUpload(page, node, '#evidence-upload', '/evidence');
  await shot('evidence-uploaded.png');

  const rows = page.locator('#uploaded tbody tr');
  assert.equal(await rows.count(), 2, await page.content());
  const text = await page.textContent('#uploaded');
  assert.match(text, /chat-telegram\.json/);
  assert.match(text, /chat-whatsapp\.txt/);
  assert.match(text, /Parsed with telegram/);
  assert.match(text, /Parsed with whatsapp/);

  await page.goto(`${base}/evidence?lang=en&case=${encodeURIComponent(CASE)}`);
  assert.equal(await page.locator('#evidence-items tbody tr').count(), 2);
});

test('search finds Chinese word in sentence', async () => {
  const marks = await search('转账');
  await shot('evidence-search-zh.png');
  assert.ok(marks.length >= 1, 'at least one hit');
  assert.ok(marks.every((mark) => mark === '转账'), `marked: ${marks.join(', ')}`);
  const text = await page.textContent('#hits');
  assert.match(text, /我已经转账到新账户了/);
});

test('search finds Lao word in sentence', async () => {
  const marks = await search('ເງິນ');
  await shot('evidence-search-lo.png');
  assert.ok(marks.length >= 1, 'at least one hit');
  assert.ok(marks.every((mark) => mark === 'ເງິນ'), `marked: ${marks.join(', ')}`);
  const text = await page.textContent('#hits');
  assert.match(text, /ໂອນເງິນເຂົ້າບັນຊີ/);
});

test('item page verifies custody', async () => {
  await search('转账');
  await Promise.all([page.waitForNavigation(), page.click('#hits tbody tr a')]);
  assert.match(new URL(page.url()).pathname, /^\/evidence\/items\/EV-/);

  const sha256 = await page.textContent('#sha256');
  assert.match(sha256, /^[0-9a-f]{64}$/);
  assert.match(await page.textContent('#sm3'), /^[0-9a-f]{64}$/);
  const kinds = await page.locator('#custody-events tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.kind));
  assert.deepEqual(kinds, ['checked_in', 'parsed']);

  await Promise.all([page.waitForNavigation(), page.click('#verify-custody button[type="submit"]')]);
  await shot('evidence-verified.png');
  assert.equal(await page.getAttribute('#custody-result', 'data-ok'), 'true');
  assert.match(await page.textContent('#custody-result'), /verified/);
});

test('upload form in Chinese and Lao', async () => {
  await page.goto(`${base}/evidence/new?lang=zh-CN`);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('h1'), '添加证据');

  await page.goto(`${base}/evidence/new?lang=lo`);
  assert.equal(await page.getAttribute('html', 'lang'), 'lo');
  assert.equal(await page.textContent('h1'), 'ເພີ່ມຫຼັກຖານ');
});

test('audit table fits 1280px', async () => {
  const auditBrowser = await launchBrowser();
  try {
    // An auditor may not read alerts, so it lands elsewhere than `signIn` expects.
    await auditBrowser.page.goto(`${base}/signin`);
    await submitPassword(auditBrowser.page, auditor);
    await submitCode(auditBrowser.page, await unusedCode(auditor.username, auditor.secret));
    for (const tag of ['en', 'zh-CN', 'lo']) {
      await auditBrowser.page.goto(`${base}/audit?lang=${tag}`);
      assert.equal(await auditBrowser.page.getAttribute('html', 'lang'), tag);
      assert.ok((await auditBrowser.page.$$('table.audit tbody tr')).length > 0, `${tag}: no audit record shown`);
      await auditBrowser.page.screenshot({ path: path.join(outDir, `audit-${tag}.png`), fullPage: true });

      const width = await auditBrowser.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `${tag}: the audit page is ${width}px wide`);
    }
    assert.deepEqual(auditBrowser.errors, []);
  } finally {
    await auditBrowser.close();
  }
});

test('no script or policy errors', () => {
  assert.deepEqual(browser.errors, []);
});
