// What the end-to-end journeys need around the browser: the real Siilo server on a free port
// with a fresh database serving the built client, the test SMTP server that keeps what the
// server sends (and, when asked for, an OpenID Connect provider for single sign-on), an API
// helper to seed data, pages set up the same way in every file, sign-in, and axe.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const { CHROMIUM, CHROMIUM_ARGS } = createRequire(import.meta.url)('../../tools/chromium.cjs');
const SIILO = resolve(FRONTEND, process.env.SIILO_BIN ?? '../target/debug/siilo');
/** The repository's virtualenv (`make venv`), which has the SMTP sink's aiosmtpd. */
const PYTHON = resolve(FRONTEND, process.env.SIILO_PYTHON ?? '../.venv/bin/python');
const SMTP_SINK = resolve(FRONTEND, '../tools/smtp_sink.py');
const OIDC_PROVIDER = resolve(FRONTEND, process.env.SIILO_OIDC_PROVIDER ?? '../tools/oidc-test-provider');
/** The web client's registration at the test provider. */
export const OIDC_CLIENT = { id: 'siilo-e2e', secret: 'siilo-e2e-secret', name: 'Valtioneuvoston tunnistus' };

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

/** Ends a child process: SIGTERM, then SIGKILL after five seconds. */
async function endChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
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

/**
 * Starts a helper that prints `listening <where>` when it is ready (the SMTP sink, the OIDC
 * provider) and resolves with `<where>` and the child; fails with its output if it exits or
 * stays silent for 20 s.
 */
function startAnnounced(command, args, options = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${command} ${args.join(' ')} did not start in 20 s:\n${out}`));
    }, 20_000);
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^listening (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ where: m[1], child, output: () => out });
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

/**
 * The test SMTP server (tools/smtp_sink.py): each message the server sends, as JSON in a
 * folder of its own ({mail_from, rcpt_tos, subject, headers, text, html}).
 */
export async function startMailSink() {
  if (!existsSync(PYTHON)) throw new Error(`no Python at ${PYTHON}: run \`make venv\` in the repository, or set SIILO_PYTHON`);
  const dir = mkdtempSync(join(tmpdir(), 'siilo-e2e-mail-'));
  const { where, child } = await startAnnounced(PYTHON, [SMTP_SINK, '--dir', dir, '--port', '0']);
  const messages = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return {
    url: `smtp://${where}`,
    dir,
    messages,
    /** The messages to `address` (any case), oldest first. */
    to: (address) => messages().filter((m) => m.rcpt_tos.some((r) => r.toLowerCase() === address.toLowerCase())),
    /** Waits for the newest message that `match` accepts (10 s at most). */
    async waitFor(match, what = 'a matching email') {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = messages().filter(match).at(-1);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = messages().map((m) => `${m.rcpt_tos.join(',')}: ${m.subject}`);
          throw new Error(`no email: ${what} in 10 s; the sink has ${JSON.stringify(seen)}`);
        }
        await new Promise((ok) => setTimeout(ok, 100));
      }
    },
    stop: async () => {
      await endChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The first link in an email's text whose address contains `path` (`/verify-email#token=`). */
export function mailLink(mail, path) {
  const link = (mail.text ?? '').match(/https?:\/\/[^\s<>"]+/g)?.find((url) => url.includes(path));
  if (!link) throw new Error(`no link with ${path} in the email "${mail.subject}":\n${mail.text}`);
  return link;
}

/** The newest email to `address` with a link containing `path` (waited for). */
export async function linkSentTo(mail, address, path) {
  const found = await mail.waitFor(
    (m) => m.rcpt_tos.some((r) => r.toLowerCase() === address.toLowerCase()) && (m.text ?? '').includes(path),
    `a link with ${path} to ${address}`,
  );
  return mailLink(found, path);
}

/**
 * The OpenID Connect provider of the single sign-on tests (tools/oidc-test-provider: the
 * `oidc-provider` library), with the web client registered at `redirectUri`.
 */
export async function startOidcProvider(redirectUri) {
  if (!existsSync(join(OIDC_PROVIDER, 'node_modules'))) {
    throw new Error(`no node_modules in ${OIDC_PROVIDER}: run \`npm ci\` there first`);
  }
  const { where, child } = await startAnnounced(process.execPath, [
    join(OIDC_PROVIDER, 'server.mjs'),
    '--port',
    '0',
    '--client-id',
    OIDC_CLIENT.id,
    '--client-secret',
    OIDC_CLIENT.secret,
    '--redirect-uri',
    redirectUri,
  ]);
  return { issuer: where, stop: () => endChild(child) };
}

/**
 * Starts `siilo serve` on a fresh database, sending its email to a fresh SMTP sink (`mail`);
 * with `sso`, also an OpenID Connect provider it signs in with. `stop()` ends them all and
 * removes their data.
 */
export async function startServer({ sso = false } = {}) {
  if (!existsSync(SIILO)) throw new Error(`no server binary at ${SIILO}: build it (cargo build -p siilo-server) or set SIILO_BIN`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('no built client in dist/: run `vite build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'siilo-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const mail = await startMailSink();
  const oidc = sso ? await startOidcProvider(`${base}/sso/callback`) : null;
  const env = {
    ...process.env,
    SIILO_DATA_DIR: dataDir,
    SIILO_BIND: `127.0.0.1:${port}`,
    SIILO_STATIC_DIR: DIST,
    SIILO_PUBLIC_URL: base,
    SIILO_SMTP_URL: mail.url,
    SIILO_MAIL_POLL: '200ms',
    SIILO_MAIL_RETRY: '200ms',
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
    ...(oidc
      ? {
          SIILO_OIDC_ISSUER: oidc.issuer,
          SIILO_OIDC_CLIENT_ID: OIDC_CLIENT.id,
          SIILO_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
          SIILO_OIDC_NAME: OIDC_CLIENT.name,
        }
      : {}),
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
  const stop = async () => {
    await endChild(child);
    await mail.stop();
    await oidc?.stop();
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
  return { base, stop, mail, oidc, log: () => log };
}

/**
 * A tiny JSON client for seeding through the public API. The users it registers may take
 * part at once: they accept the current terms (once the server has them) and confirm their
 * address with the link the server emails (read from `mail`, the server's SMTP sink).
 */
export function apiClient(base, mail) {
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
  let legal;
  /** The current terms and privacy notice to accept at registration; none while the server has no legal pages. */
  const acceptance = async () => {
    legal ??= (async () => {
      const versions = await Promise.all(
        ['terms', 'privacy'].map(async (kind) => {
          const res = await fetch(`${base}/api/v1/legal/${kind}`);
          return res.ok ? (await res.json()).version : null;
        }),
      );
      return versions.every((v) => typeof v === 'number')
        ? { accepted_terms_version: versions[0], accepted_privacy_version: versions[1] }
        : {};
    })();
    return legal;
  };
  /** Confirms `email` with the newest confirmation link sent to it. */
  const verify = async (email) => {
    const link = await linkSentTo(mail, email, '/verify-email#token=');
    const token = new URL(link).hash.replace(/^#token=/, '');
    await call('POST', '/auth/verify-email', { token: decodeURIComponent(token) });
  };
  /** Registers an account that may take part; its tokens, as registration answers. */
  const register = async (email, display_name, language = 'fi') => {
    const tokens = await call('POST', '/auth/register', { email, display_name, password: PASSWORD, language, ...(await acceptance()) });
    await verify(email);
    return { ...tokens, user: { ...tokens.user, email_verified: true } };
  };
  let users = 0;
  return {
    call,
    acceptance,
    verify,
    login: (email) => call('POST', '/auth/login', { email, password: PASSWORD }),
    register,
    /** A registered account whose address is not confirmed yet (no link opened). */
    registerUnverified: async (email, display_name, language = 'fi') =>
      call('POST', '/auth/register', { email, display_name, password: PASSWORD, language, ...(await acceptance()) }),
    /** A new account of the test's own, under an address no other test uses; `.user.email` signs in. */
    user: (display_name, language = 'fi') => {
      users += 1;
      const local = display_name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z ]/g, '')
        .trim()
        .replace(/ +/g, '.');
      return register(`${local}.${users}@e2e.example.fi`, display_name, language);
    },
  };
}

/**
 * Accepts the terms when the site asks after sign-in (a dialog of the legal pages, for an
 * account that has not accepted the current ones, such as one made by single sign-on); does
 * nothing when it does not ask within a moment.
 */
export async function acceptTermsIfAsked(page) {
  // Signed in first (the header's button, which the dialog hides from the accessibility tree
  // but not from the page), then the dialog, which comes with the same user.
  await page.locator('.nav__logout').waitFor();
  const dialog = page.getByRole('dialog').filter({ hasText: /käyttöehd|användarvillkor|terms of use/i });
  try {
    await dialog.waitFor({ timeout: 2000 });
  } catch {
    return;
  }
  for (const box of await dialog.locator('input[type=checkbox]').all()) await box.check({ force: true });
  await dialog
    .getByRole('button', { name: /Hyväksy|Godkänn|Accept/ })
    .first()
    .click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Opens the newest confirmation link emailed to `email` in `page`, and waits until the page
 * says the address is confirmed.
 */
export async function openVerificationLink(page, mail, email) {
  const link = await linkSentTo(mail, email, '/verify-email#token=');
  await page.goto(link);
  await page
    .getByText(/Sähköpostiosoitteesi on vahvistettu|Din e-postadress har bekräftats|Your email address has been confirmed/)
    .waitFor();
  return link;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
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
export function e2eSuite({ consoleErrors = false, axeReport = false, sso = false } = {}) {
  let started;
  const e2e = {
    server: undefined,
    api: undefined,
    browser: undefined,
    get base() {
      return e2e.server.base;
    },
    /** The server's SMTP sink: what it has sent. */
    get mail() {
      return e2e.server.mail;
    },
    /** Starts the server and the browser once; every later call waits for the same start. */
    start: () =>
      (started ??= (async () => {
        e2e.server = await startServer({ sso });
        e2e.api = apiClient(e2e.server.base, e2e.server.mail);
        // The admin made on the command line has accepted nothing yet: it does so here, so that
        // its pages open without the dialog that asks for it.
        const admin = await e2e.api.login(ADMIN.email);
        const { accepted_terms_version, accepted_privacy_version } = await e2e.api.acceptance();
        if (accepted_terms_version !== undefined) {
          await e2e.api.call(
            'POST',
            '/me/legal-acceptance',
            { terms_version: accepted_terms_version, privacy_version: accepted_privacy_version },
            admin.access_token,
          );
        }
        e2e.browser = await launchBrowser();
      })()),
    newPage: (lang = 'fi', viewport = DESKTOP) => newPage(e2e.browser, { lang, viewport, consoleErrors }),
    login: (page, email, options) => login(page, e2e.server.base, email, options),
    /** Opens the confirmation link emailed to `email` in `page` (a user registered in the browser). */
    openVerificationLink: (page, email) => openVerificationLink(page, e2e.server.mail, email),
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

/**
 * Fails when the page is wider than the window. Components that measure the window settle
 * after a resize event (a phone never resizes), so it first waits a moment for that.
 */
export async function noOverflow(page, label) {
  await page
    .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 5000 })
    .catch(() => undefined);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${label}: the page is ${overflow}px wider than the screen`);
}
