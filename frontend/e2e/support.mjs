// What the end-to-end journeys need around the browser: the real Siilo server on a free port
// with a fresh database serving the built client, an API helper to seed data, pages set up
// the same way in every file, sign-in, and axe.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

export const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = join(FRONTEND, 'test-results');
export const DIST = join(FRONTEND, 'dist');
export const PASSWORD = 'e2e-salasana-2026';
export const ADMIN = { email: 'admin@e2e.example.fi', name: 'Ada Ylläpitäjä' };
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 375, height: 740 };
export const HOUR = 3600_000;
export const iso = (ms) => new Date(ms).toISOString();

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SIILO = resolve(FRONTEND, process.env.SIILO_BIN ?? '../target/debug/siilo');

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Starts `siilo serve` on a fresh database; `stop()` ends it and removes its data. */
export async function startServer() {
  if (!existsSync(SIILO)) throw new Error(`no server binary at ${SIILO}: build it (cargo build -p siilo-server) or set SIILO_BIN`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('no built client in dist/: run `vite build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'siilo-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    SIILO_DATA_DIR: dataDir,
    SIILO_BIND: `127.0.0.1:${port}`,
    SIILO_STATIC_DIR: DIST,
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
  const created = spawnSync(SIILO, ['user', 'create', '--email', ADMIN.email, '--name', ADMIN.name, '--role', 'admin'], {
    env,
    input: `${PASSWORD}\n`,
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(`siilo user create failed: ${created.stderr}`);
  const child = spawn(SIILO, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((ok) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          ok();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          ok();
        });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`siilo serve exited early:\n${log}`);
    }
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`siilo serve did not answer in 30 s:\n${log}`);
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  return { base, stop, log: () => log };
}

/** The seeded first versions of the terms of use and the privacy notice, which the test users accept. */
export const ACCEPTED = { accepted_terms_version: 1, accepted_privacy_version: 1 };

/** A tiny JSON client for seeding through the public API. */
export function apiClient(base) {
  const call = async (method, path, body, token) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return json;
  };
  let users = 0;
  return {
    call,
    login: (email) => call('POST', '/auth/login', { email, password: PASSWORD }),
    register: (email, display_name, language = 'fi') =>
      call('POST', '/auth/register', { email, display_name, password: PASSWORD, language, ...ACCEPTED }),
    /** A new account of the test's own, under an address no other test uses; `.user.email` signs in. */
    user: (display_name, language = 'fi') => {
      users += 1;
      const local = display_name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z ]/g, '')
        .trim()
        .replace(/ +/g, '.');
      return call('POST', '/auth/register', {
        email: `${local}.${users}@e2e.example.fi`,
        display_name,
        password: PASSWORD,
        language,
        ...ACCEPTED,
      });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A page in a context of its own (no shared storage), in Finnish or Swedish at Helsinki time.
 * `page.jsErrors` collects uncaught errors, and with `consoleErrors` the console's errors too.
 */
export async function newPage(browser, { lang = 'fi', viewport = DESKTOP, consoleErrors = false } = {}) {
  const context = await browser.newContext({ viewport, locale: lang === 'sv' ? 'sv-FI' : 'fi-FI', timezoneId: 'Europe/Helsinki' });
  await context.addInitScript((l) => {
    if (!localStorage.getItem('siilo.language')) localStorage.setItem('siilo.language', l);
  }, lang);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (consoleErrors) {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  }
  page.jsErrors = errors;
  return page;
}

/**
 * Signs in through the login form and waits until signed in. `open: false` uses the login
 * page already shown (one reached through a link that brings the user back).
 */
export async function login(page, base, email, { password = PASSWORD, open = true } = {}) {
  if (open) await page.goto(`${base}/login`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.getByRole('button', { name: /Kirjaudu ulos|Logga ut/ }).waitFor();
}

/**
 * What a test file shares: one server on a fresh database and one browser, started before its
 * tests and stopped after them. Each test makes its own pages, and its own users and data
 * through `api` where it changes them, so that any test also runs alone
 * (`node --test --test-name-pattern`). A file's own `before` awaits `start()` first: node does
 * not run a file's top-level hooks one after another in the order they were added.
 */
export function e2eSuite({ consoleErrors = false, axeReport = false } = {}) {
  let started;
  const e2e = {
    server: undefined,
    api: undefined,
    browser: undefined,
    get base() {
      return e2e.server.base;
    },
    /** Starts the server and the browser once; every later call waits for the same start. */
    start: () =>
      (started ??= (async () => {
        e2e.server = await startServer();
        e2e.api = apiClient(e2e.server.base);
        // The admin made on the command line has accepted nothing yet: it does so here, so that
        // its pages open without the dialog that asks for it.
        const admin = await e2e.api.login(ADMIN.email);
        await e2e.api.call('POST', '/me/legal-acceptance', { terms_version: 1, privacy_version: 1 }, admin.access_token);
        e2e.browser = await launchBrowser();
      })()),
    newPage: (lang = 'fi', viewport = DESKTOP) => newPage(e2e.browser, { lang, viewport, consoleErrors }),
    login: (page, email, options) => login(page, e2e.server.base, email, options),
  };
  before(() => e2e.start());
  after(async () => {
    if (axeReport) writeAxeReport();
    await e2e.browser?.close();
    await e2e.server?.stop();
  });
  return e2e;
}

const axeReport = [];

/** Runs axe (WCAG 2.1 A/AA) on the page; returns the serious and critical violations. */
export async function axe(page, label) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  axeReport.push({ page: label, url: page.url(), violations: summary });
  return summary.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function expectAccessible(page, label) {
  const bad = await axe(page, label);
  assert.deepEqual(bad, [], `axe found serious or critical violations on ${label}: ${JSON.stringify(bad, null, 2)}`);
}

export function writeAxeReport() {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'axe-report.json'), JSON.stringify(axeReport, null, 2));
  return axeReport;
}

export async function screenshot(page, name) {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}
