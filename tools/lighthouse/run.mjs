// Lighthouse against the built web client as a phone on a slow network meets it (mobile, the
// default simulated slow 4G and CPU slowdown): the real server (SIILO_BIN, the debug build by
// default) on a fresh SQLite database with the demo data, serving frontend/dist.
//
// 1. Lighthouse CI (`lhci collect` and `lhci assert`, lighthouserc.cjs) on the front, call and
//    proposal pages, seven runs each, each measure asserted on its median.
// 2. The call page's list scrolled with "show more": a Lighthouse user flow (a timespan around
//    the clicks) whose layout shift and blocking time must stay within the budgets, on
//    the median of three runs (a timespan's blocking time is measured, not simulated, so one
//    run on a busy machine can land far from the others).
//
// Reports go to tools/lighthouse/reports/. Needs Debian's Chromium (`make chromium`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFlow } from 'lighthouse';
import puppeteer from 'puppeteer-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const SIILO = resolve(REPO, process.env.SIILO_BIN ?? 'target/debug/siilo');
const DIST = resolve(REPO, 'frontend/dist');
const REPORTS = join(HERE, 'reports');
const { CHROME_PATH, CHROME_FLAGS } = createRequire(import.meta.url)('./chrome.cjs');
/** The budgets of the issue, for what a timespan can measure. */
const SCROLL_BUDGET = { cls: 0.1, tbtMs: 200 };
const SCROLL_RUNS = 3;

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

function run(command, args, options = {}) {
  const res = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${res.status ?? res.signal})`);
}

/** Starts the server on the demo data; resolves with its address and a stop function. */
async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'siilo-lighthouse-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    SIILO_DATA_DIR: dataDir,
    SIILO_DATABASE_URL: `sqlite://${join(dataDir, 'siilo.db')}?mode=rwc`,
    SIILO_BIND: `127.0.0.1:${port}`,
    SIILO_STATIC_DIR: DIST,
    SIILO_PUBLIC_URL: base,
    RUST_LOG: 'warn',
  };
  run(SIILO, ['migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  run(SIILO, ['seed-demo', '--if-empty'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const log = openSync(join(REPORTS, 'server.log'), 'w');
  const child = spawn(SIILO, ['serve'], { env, stdio: ['ignore', log, log] });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return { base, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('the server did not answer its health check');
}

async function json(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

/** The call the demo runs now (open, with more proposals than a page) and one of its proposals. */
async function pages(base) {
  const calls = (await json(`${base}/api/v1/calls`)).items;
  const call = calls.find((c) => c.phase === 'open') ?? calls[0];
  const list = await json(`${base}/api/v1/calls/${call.id}/proposals?limit=1&sort=newest`);
  if (list.total <= 20) throw new Error(`the demo call has ${list.total} proposals: "show more" needs more than a page`);
  return { front: `${base}/`, call: `${base}/calls/${call.slug}`, proposal: `${base}/proposals/${list.items[0].id}` };
}

/** Loads the call page, then measures the "show more" clicks until the list ends. */
async function scrolledListOnce(callUrl, run) {
  const browser = await puppeteer.launch({ executablePath: CHROME_PATH, args: CHROME_FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    const flow = await startFlow(page, { name: 'The proposal list scrolled with "show more"' });
    await flow.navigate(callUrl);
    await flow.startTimespan({ name: 'show more' });
    // Lighthouse counts shifts marked as caused by input when they come within 500 ms of the
    // trace's start (it takes them for its own viewport emulation); a reader's click comes later.
    await new Promise((r) => setTimeout(r, 1000));
    const more = 'button.load-more';
    while (await page.$(more)) {
      const before = await page.$$eval('.proposal-list .card-list > li', (items) => items.length);
      await page.click(more);
      await page.waitForFunction((n) => document.querySelectorAll('.proposal-list .card-list > li').length > n, {}, before);
    }
    await flow.endTimespan();
    const report = await flow.createFlowResult();
    writeFileSync(join(REPORTS, `scrolled-list-${run}.html`), await flow.generateReport());
    writeFileSync(join(REPORTS, `scrolled-list-${run}.json`), JSON.stringify(report.steps[1].lhr));
    const span = report.steps[1].lhr.audits;
    for (const shift of span['layout-shifts']?.details?.items ?? []) {
      console.log(`  layout shift ${shift.score.toFixed(3)}: ${shift.node?.selector ?? 'unknown'}`);
    }
    const result = { cls: span['cumulative-layout-shift'].numericValue, tbtMs: span['total-blocking-time'].numericValue };
    console.log(`scrolled list, run ${run}: CLS ${result.cls.toFixed(3)}, TBT ${Math.round(result.tbtMs)} ms`);
    return result;
  } finally {
    await browser.close();
  }
}

/** The scrolled list's median of each measure over SCROLL_RUNS runs. */
async function scrolledList(callUrl) {
  const runs = [];
  for (let run = 1; run <= SCROLL_RUNS; run++) runs.push(await scrolledListOnce(callUrl, run));
  const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { cls: median('cls'), tbtMs: median('tbtMs') };
}

async function main() {
  // Each run starts afresh: lhci collect adds to what an earlier run left.
  for (const dir of [REPORTS, join(HERE, '.lighthouseci')]) rmSync(dir, { recursive: true, force: true });
  mkdirSync(REPORTS, { recursive: true });
  const { base, stop } = await startServer();
  try {
    const urls = await pages(base);
    if (process.env.SIILO_LH_ONLY === 'scrolled') {
      const s = await scrolledList(urls.call);
      console.log(`scrolled list, median: CLS ${s.cls.toFixed(3)}, TBT ${Math.round(s.tbtMs)} ms`);
      return;
    }
    const lhci = join(HERE, 'node_modules/.bin/lhci');
    const config = join(HERE, 'lighthouserc.cjs');
    run(lhci, ['collect', `--config=${config}`, ...Object.values(urls).map((u) => `--url=${u}`)], { cwd: HERE });
    run(lhci, ['upload', `--config=${config}`], { cwd: HERE });
    const scrolled = await scrolledList(urls.call);
    console.log(`scrolled list, median: CLS ${scrolled.cls.toFixed(3)}, TBT ${Math.round(scrolled.tbtMs)} ms`);
    run(lhci, ['assert', `--config=${config}`], { cwd: HERE });
    const over = Object.entries(SCROLL_BUDGET).filter(([k, budget]) => scrolled[k] > budget);
    if (over.length > 0) throw new Error(`the scrolled list is over budget: ${over.map(([k]) => k).join(', ')}`);
  } finally {
    stop();
  }
}

await main();
