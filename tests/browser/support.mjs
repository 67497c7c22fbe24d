// Shared parts of the browser tests: a real node started from the `mekong` binary on
// a free loopback port, headless Chromium, TOTP codes computed as an authenticator
// app computes them, and the two-step sign-in.
//
// The node accepts a TOTP code only for a time step later than the user's last
// accepted step. So `unusedCode` remembers the last step it used for each user and
// waits for a later step before it returns a code for the same user again.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export const binary = path.resolve(root, process.env.MEKONG_BIN ?? 'target/debug/mekong');
export const fixtures = path.join(here, 'fixtures');
export const outDir = path.join(here, 'out');

// Limits that only stop a hung run; a healthy run stays far below them.
const STARTUP_LIMIT_MS = 60_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// TOTP parameters of the node: RFC 6238 with HMAC-SHA-1, 30-second steps, 6 digits.
export const TOTP_STEP_SECONDS = 30;
const TOTP_DIGITS = 6;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (padding and case ignored) into bytes. */
export function base32Decode(text) {
  const clean = text.replace(/=+$/, '').toUpperCase();
  const bytes = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) {
      throw new Error(`invalid base32 character ${JSON.stringify(char)}`);
    }
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Returns the TOTP time step of a Unix time in seconds. */
export function totpStep(unixSeconds) {
  return Math.floor(unixSeconds / TOTP_STEP_SECONDS);
}

/** Computes the code of one time step from the raw secret (RFC 4226 HOTP with the step as counter). */
export function totpCode(key, step, digits = TOTP_DIGITS) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', key).update(counter).digest();

  // Dynamic truncation, RFC 4226 section 5.3.
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = ((digest[offset] & 0x7f) << 24)
    | (digest[offset + 1] << 16)
    | (digest[offset + 2] << 8)
    | digest[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/**
 * Returns a code that the node rejects at any step it accepts now (the current step
 * and one either side), so that a "wrong code" check cannot pass by luck.
 */
export function wrongCode(secret) {
  const key = base32Decode(secret);
  const now = totpStep(Date.now() / 1000);
  const valid = new Set([now - 1, now, now + 1].map((step) => totpCode(key, step)));
  let candidate = Number(totpCode(key, now));
  do {
    candidate = (candidate + 1) % 10 ** TOTP_DIGITS;
  } while (valid.has(String(candidate).padStart(TOTP_DIGITS, '0')));
  return String(candidate).padStart(TOTP_DIGITS, '0');
}

const lastStepByUser = new Map();

/**
 * Returns the code of the current step for `username`, first waiting for the next
 * step when this process already used the current one for that user.
 */
export async function unusedCode(username, secret) {
  const last = lastStepByUser.get(username);
  let step = totpStep(Date.now() / 1000);
  if (last !== undefined && step <= last) {
    const nextStepMs = (last + 1) * TOTP_STEP_SECONDS * 1000;
    await new Promise((resolve) => setTimeout(resolve, nextStepMs - Date.now() + 100));
    step = totpStep(Date.now() / 1000);
  }
  lastStepByUser.set(username, step);
  return totpCode(base32Decode(secret), step);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A node in a fresh temporary data directory. `run` calls the binary on it; `start`
 * serves it on a free loopback port; `stop` ends it and removes the directory.
 */
/** The password of the command-line users `cli-admin` and `cli-analyst`. */
const CLI_PASSWORD = 'browser-cli-password-1';

export class Node {
  constructor() {
    assert.ok(existsSync(binary), `no mekong binary at ${binary}: build it first (cargo build -p mekong) or set MEKONG_BIN`);
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'mekong-browser-'));
    this.log = '';
    this.server = null;
    this.base = null;
    this.cliReady = false;
  }

  /** Runs `mekong --data-dir DIR ARGS…` and returns its standard output. */
  run(args, env = {}) {
    try {
      return execFileSync(binary, ['--data-dir', this.dataDir, ...args], {
        encoding: 'utf8',
        stdio: 'pipe',
        env: { ...process.env, ...env },
      });
    } catch (error) {
      throw new Error(`mekong ${args.join(' ')} failed (${error.status}):\n${error.stdout}\n${error.stderr}`);
    }
  }

  /**
   * Runs `mekong --data-dir DIR ARGS…` acting as one of the command-line users that
   * `cliUsers` creates: `cli-admin` (administrator) or `cli-analyst` (FIU analyst).
   */
  runAs(username, args, env = {}) {
    this.cliUsers();
    return this.run(args, { ...env, MEKONG_USER: username, MEKONG_PASSWORD: CLI_PASSWORD });
  }

  /**
   * Creates the first administrator `cli-admin` and the FIU analyst `cli-analyst`,
   * once, because data commands act as a user. Needs the node initialised.
   */
  cliUsers() {
    if (this.cliReady) {
      return;
    }
    const add = (username, role, extra) =>
      this.run(['user', 'add', ...extra, '--username', username, '--agency', 'TEST', '--role', role, '--json'], {
        MEKONG_PASSWORD: CLI_PASSWORD,
        MEKONG_NEW_PASSWORD: CLI_PASSWORD,
      });
    add('cli-admin', 'administrator', []);
    add('cli-analyst', 'fiu_analyst', ['--as', 'cli-admin']);
    this.cliReady = true;
  }

  /**
   * Creates a user with `mekong user add --json`, acting as `cli-admin`, and returns
   * its id, name, password and base32 TOTP secret.
   */
  addUser(username, roles, password) {
    const roleArgs = roles.flatMap((role) => ['--role', role]);
    const output = this.runAs('cli-admin', ['user', 'add', '--username', username, '--agency', 'TEST', ...roleArgs, '--json'], {
      MEKONG_NEW_PASSWORD: password,
    });
    const created = JSON.parse(output);
    assert.equal(created.username, username);
    assert.match(created.totp_secret, /^[A-Z2-7]+$/);
    return { id: created.id, username, password, secret: created.totp_secret };
  }

  /** Creates an API token with `mekong user token create --json` and returns the token. */
  createToken(name, scopes) {
    const scopeArgs = scopes.flatMap((scope) => ['--scope', scope]);
    const created = JSON.parse(this.runAs('cli-admin', ['user', 'token', 'create', '--name', name, ...scopeArgs, '--json']));
    assert.deepEqual(created.scopes, scopes);
    return created.token;
  }

  /** Starts `mekong serve` and waits until `/healthz` responds `ok`. */
  async start() {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.server = spawn(binary, ['--data-dir', this.dataDir, 'serve', '--bind', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.server.stdout.on('data', (chunk) => { this.log += chunk; });
    this.server.stderr.on('data', (chunk) => { this.log += chunk; });

    const deadline = Date.now() + STARTUP_LIMIT_MS;
    while (Date.now() < deadline) {
      if (this.server.exitCode !== null) {
        throw new Error(`mekong serve exited with ${this.server.exitCode}:\n${this.log}`);
      }
      try {
        const response = await fetch(`${this.base}/healthz`);
        if (response.ok && (await response.text()) === 'ok') {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`mekong serve did not answer /healthz:\n${this.log}`);
  }

  /** Stops the server with SIGTERM and removes the data directory. */
  async stop() {
    if (this.server && this.server.exitCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      this.server.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Launches headless Chromium with a fresh profile. Script errors, Content-Security-
 * Policy violations and failed loads of scripts, styles and icons go to `errors`.
 * Failed page loads are left out, because the tests post forms that return 400 or
 * 401 on purpose.
 */
export async function launchBrowser() {
  mkdirSync(outDir, { recursive: true });
  const profileDir = mkdtempSync(path.join(tmpdir(), 'mekong-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' && response.status() >= 400) {
      errors.push(`${response.status()} for ${response.url()}`);
    }
  });

  const close = async () => {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  };
  return { context, page, errors, close };
}

/** Fills and submits the password form; the page must show `/signin`. */
export async function submitPassword(page, user) {
  await page.fill('#signin-form input[name="username"]', user.username);
  await page.fill('#signin-form input[name="password"]', user.password);
  await Promise.all([page.waitForNavigation(), page.click('#signin-form button[type="submit"]')]);
}

/** Fills and submits the second-factor form; the page must show `/signin/totp`. */
export async function submitCode(page, code) {
  await page.fill('#totp-form input[name="code"]', code);
  await Promise.all([page.waitForNavigation(), page.click('#totp-form button[type="submit"]')]);
}

/** Signs `user` in with the password and a fresh TOTP code, and checks that it lands on `/alerts`. */
export async function signIn(page, base, user) {
  await page.goto(`${base}/signin`);
  await submitPassword(page, user);
  assert.equal(new URL(page.url()).pathname, '/signin/totp', `the password step failed for ${user.username}`);

  await submitCode(page, await unusedCode(user.username, user.secret));
  assert.equal(new URL(page.url()).pathname, '/alerts', `the code step failed for ${user.username}`);
}

/** Starts the node, opens a browser and signs `user` in; returns the node's base URL, the browser and its page. */
export async function openSignedIn(node, user) {
  await node.start();
  const browser = await launchBrowser();
  await signIn(browser.page, node.base, user);
  return { base: node.base, browser, page: browser.page };
}

/**
 * Submits the multipart upload form `selector` and checks that its CSRF token went as
 * the first body field. The form must post to `action` with `csrf` as its first field.
 * The POST address must have no query, and neither the next page's address nor the
 * node's log may contain the token.
 */
export async function submitUpload(page, node, selector, action) {
  const form = await page.$eval(selector, (element) => ({
    action: element.getAttribute('action'),
    first: element.elements[0].name,
    token: element.elements[0].value,
  }));
  assert.equal(form.action, action);
  assert.equal(form.first, 'csrf');

  const [posted] = await Promise.all([
    page.waitForRequest((request) => request.method() === 'POST'),
    page.waitForNavigation(),
    page.click(`${selector} button[type="submit"]`),
  ]);
  assert.equal(new URL(posted.url()).search, '', posted.url());
  assert.ok(!page.url().includes(form.token), page.url());
  assert.ok(!node.log.includes(form.token), 'the node log contains the CSRF token');
}
