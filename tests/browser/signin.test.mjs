// Real-browser test of signing in to a node. It covers the password step, the TOTP
// step with the enrolment QR code on the first sign-in, and sign-out. It also checks
// a wrong password, a wrong code in each language, and the sign-in page in Chinese
// and Lao.
//
// Run from the repository root, after `cargo build -p mekong`:
//   MEKONG_BIN=target/debug/mekong node --test tests/browser/
// Screenshots go to tests/browser/out/, which git ignores.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  Node,
  base32Decode,
  launchBrowser,
  outDir,
  signIn,
  submitCode,
  submitPassword,
  totpCode,
  unusedCode,
  wrongCode,
} from './support.mjs';

const PASSWORD = 'mekong sign-in test 2026';

let node;
let base;
let browser;
let page;
let newcomer;
let checker;
let enrolmentCode;

before(async () => {
  node = new Node();
  node.run(['init', '--node-id', 'la-browser-test', '--country', 'LA', '--agency', 'TEST']);
  newcomer = node.addUser('newcomer', ['fiu_analyst'], PASSWORD);
  checker = node.addUser('checker', ['fiu_analyst'], PASSWORD);

  await node.start();
  base = node.base;
  browser = await launchBrowser();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await node?.stop();
});

function pathname() {
  return new URL(page.url()).pathname;
}

function shot(name) {
  return page.screenshot({ path: path.join(outDir, name), fullPage: true });
}

test('totp matches RFC 6238 vectors', () => {
  // RFC 6238 appendix B, SHA-1 rows: the ASCII seed "12345678901234567890", 8 digits.
  const key = base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.equal(key.toString('ascii'), '12345678901234567890');
  const vectors = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [unixSeconds, expected] of vectors) {
    assert.equal(totpCode(key, Math.floor(unixSeconds / 30), 8), expected, `time ${unixSeconds}`);
  }
});

test('signed-out request goes to sign-in', async () => {
  await browser.context.clearCookies();

  const response = await fetch(`${base}/alerts`, { redirect: 'manual' });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/signin');

  await page.goto(`${base}/alerts?lang=en`);
  assert.equal(pathname(), '/signin');
  assert.equal(await page.textContent('h1'), 'Sign in');
  await shot('signin-en.png');
});

test('sign-in page in Chinese and Lao', async () => {
  const expected = {
    'zh-CN': { title: '登录', username: '用户名' },
    lo: { title: 'ເຂົ້າສູ່ລະບົບ', username: 'ຊື່ຜູ້ໃຊ້' },
  };
  for (const [tag, text] of Object.entries(expected)) {
    await page.goto(`${base}/signin?lang=${tag}`);
    assert.equal(await page.getAttribute('html', 'lang'), tag);
    assert.equal(await page.textContent('h1'), text.title);
    assert.match(await page.textContent('#signin-form'), new RegExp(text.username));
    await shot(`signin-${tag}.png`);
  }
});

test('wrong password shows an error', async () => {
  await page.goto(`${base}/signin?lang=en`);
  await submitPassword(page, { username: newcomer.username, password: 'not the password at all' });

  assert.equal(pathname(), '/signin');
  assert.equal((await page.textContent('.errors li')).trim(), 'Wrong user name or password.');
  assert.equal(await page.inputValue('#signin-form input[name="username"]'), newcomer.username);
  await shot('signin-wrong-password.png');
});

test('first sign-in enrols then signs out', async () => {
  await page.goto(`${base}/signin?lang=en`);
  await submitPassword(page, newcomer);
  assert.equal(pathname(), '/signin/totp');
  assert.equal(await page.textContent('h1'), 'Second factor');

  // A user created by `mekong user add` has not enrolled yet, so the node shows the QR code.
  assert.ok(await page.isVisible('#enrolment .qr svg'), 'no enrolment QR code');
  const uri = (await page.textContent('#enrolment-uri')).trim();
  assert.ok(uri.startsWith('otpauth://totp/'), uri);
  assert.ok(uri.includes(`secret=${newcomer.secret}`), 'the QR code holds another secret than `user add` printed');
  await shot('signin-totp-enrol.png');
  // Before the second factor, the page links nowhere but the language switch, as the sign-in page does.
  const links = await page.locator('header.top a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
  assert.ok(links.every((href) => href.includes('lang=')), `links before sign-in completes: ${links.join(', ')}`);
  assert.equal(await page.locator('header.top nav:not(.langs)').count(), 0);

  enrolmentCode = await unusedCode(newcomer.username, newcomer.secret);
  await submitCode(page, enrolmentCode);
  assert.equal(pathname(), '/alerts');
  assert.equal(await page.textContent('h1'), 'Alerts');
  assert.equal(await page.textContent('#signed-in-user'), newcomer.username);
  await shot('signin-alerts.png');

  await Promise.all([page.waitForNavigation(), page.click('#signout')]);
  assert.equal(pathname(), '/signin');
  await page.goto(`${base}/alerts`);
  assert.equal(pathname(), '/signin', 'the alerts list opened after sign-out');
  assert.equal(await page.locator('#signed-in-user').count(), 0);
});

test('wrong code shows localised error', async () => {
  await page.goto(`${base}/signin?lang=en`);
  await submitPassword(page, checker);
  assert.equal(pathname(), '/signin/totp');

  const expected = {
    en: 'Wrong code, or a code that was already used. Wait for the next code and try again.',
    'zh-CN': '验证码错误或已被使用。请等待下一个验证码后再试。',
    lo: 'ລະຫັດບໍ່ຖືກຕ້ອງ ຫຼື ຖືກໃຊ້ແລ້ວ. ລໍຖ້າລະຫັດຕໍ່ໄປແລ້ວລອງອີກຄັ້ງ.',
  };
  for (const [tag, message] of Object.entries(expected)) {
    await page.goto(`${base}/signin/totp?lang=${tag}`);
    await submitCode(page, wrongCode(checker.secret));
    assert.equal(pathname(), '/signin/totp');
    assert.equal(await page.getAttribute('html', 'lang'), tag);
    assert.equal((await page.textContent('.errors li')).trim(), message);
    await shot(`signin-wrong-code-${tag}.png`);
  }

  // Wrong codes use up no time step: the right code still completes the sign-in.
  await submitCode(page, await unusedCode(checker.username, checker.secret));
  assert.equal(pathname(), '/alerts');
  assert.equal(await page.textContent('#signed-in-user'), checker.username);
  await Promise.all([page.waitForNavigation(), page.click('#signout')]);
  assert.equal(pathname(), '/signin');
});

test('second sign-in skips enrolment', async () => {
  await page.goto(`${base}/signin?lang=en`);
  await submitPassword(page, newcomer);
  assert.equal(pathname(), '/signin/totp');
  assert.equal(await page.locator('#enrolment').count(), 0, 'the QR code is shown again after enrolment');

  // The node accepts each time step once, so the first sign-in's code is rejected
  // and `unusedCode` waits for a later step.
  await submitCode(page, enrolmentCode);
  assert.equal(pathname(), '/signin/totp');
  assert.match(await page.textContent('.errors li'), /already used/);

  await submitCode(page, await unusedCode(newcomer.username, newcomer.secret));
  assert.equal(pathname(), '/alerts');
  assert.equal(await page.textContent('#signed-in-user'), newcomer.username);
  await shot('signin-second.png');
});

test('sign-in helper signs in again', async () => {
  await browser.context.clearCookies();
  await signIn(page, base, checker);
  assert.equal(await page.textContent('#signed-in-user'), checker.username);
});

test('pages load without browser errors', () => {
  assert.deepEqual(browser.errors, []);
});
