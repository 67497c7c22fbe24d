// Real-browser test of two analyst forms. The goAML file upload must send its CSRF
// token as the first multipart field and never in a URL. The registry form reads and
// shows dates without a time in the node's zone, which is UTC+8 here.
//
// Run from the repository root, after `cargo build -p mekong`:
//   node --test tests/browser/forms.test.mjs
// Screenshots go to tests/browser/out/, which git ignores.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Node, openSignedIn, outDir, submitUpload } from './support.mjs';

const goamlFixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../crates/mekong-reports/tests/fixtures');

let node;
let base;
let browser;
let page;

before(async () => {
  node = new Node();
  node.run(['init', '--node-id', 'cn-forms-test', '--country', 'CN', '--agency', 'TEST']);
  const analyst = node.addUser('analyst', ['fiu_analyst'], 'analyst forms test 2026');

  ({ base, browser, page } = await openSignedIn(node, analyst));
});

after(async () => {
  await browser?.close();
  await node?.stop();
});

function shot(name) {
  return page.screenshot({ path: path.join(outDir, name), fullPage: true });
}

test('goAML upload sends token in body', async () => {
  await page.goto(`${base}/reports?lang=en`);
  await page.setInputFiles('#report-files input[type="file"]', [path.join(goamlFixtures, 'ctr.xml')]);
  await submitUpload(page, node, '#report-files', '/reports');
  await shot('forms-goaml-uploaded.png');

  assert.equal(await page.getAttribute('#upload-files tbody tr', 'data-outcome'), 'stored', await page.content());
});

test('registry dates shown as dates', async () => {
  await page.goto(`${base}/registry?lang=en`);
  assert.match(await page.textContent('#registry-add .dates-hint'), /UTC\+08:00/);

  await page.selectOption('#registry-add select[name="kind"]', 'domain');
  await page.fill('#registry-add input[name="value"]', 'dates.example');
  await page.selectOption('#registry-add select[name="listing_type"]', 'scam_url');
  await page.fill('#registry-add textarea[name="reason"]', 'Fake investment site');
  await page.fill('#registry-add input[name="source_agency"]', 'MPS');
  await page.fill('#registry-add input[name="legal_basis"]', 'Anti-Telecom and Online Fraud Law Art. 31');
  await page.fill('#registry-add textarea[name="appeal"]', 'Apply for review within 30 days');
  await page.fill('#registry-add input[name="starts_at"]', '2026-03-01');
  await page.fill('#registry-add input[name="expires_at"]', '2099-03-31');
  await Promise.all([page.waitForNavigation(), page.click('#registry-add button[type="submit"]')]);
  await shot('forms-registry-dates.png');

  const cells = await page.locator('#registry tbody tr[data-kind="domain"] time').allTextContents();
  assert.deepEqual(cells, ['2026-03-01', '2099-03-31']);
});

test('forms have no browser errors', () => {
  assert.deepEqual(browser.errors, []);
});
