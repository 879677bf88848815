// Lighthouse CI for the served web client (run by run.mjs, which starts the server and names
// the pages). Mobile, Lighthouse's default simulated slow 4G and CPU slowdown; seven runs per
// page, each measure asserted on its median over the runs (the simulated timings are built from
// the machine's own CPU time, which varies from run to run on a 2-core machine: its benchmark
// index moved between 1,500 and 2,800 within one run of this step, and the call page's blocking
// time with it, from 260 ms to 500 ms).
//
// The targets of the web-performance issue (#16), and where each page stands (README.md):
// - the front page is held at the targets: blocking time under 200 ms, layout shift under 0.1
//   and largest paint under 2.5 s (it reaches about 2.4 s, so a margin of 0.2 s is given for
//   the machine's noise), performance ≥ 0.85 (the margin for a busy machine);
// - the call and proposal pages miss three targets: their largest paint is about 3.1 s, their
//   blocking time 180-340 ms and their performance score 85-91 on this machine. They are held
//   where they stand, so that they do not fall back: 3.5 s, 450 ms and 0.80.
// Accessibility, best practices, SEO and layout shift are exact on every page.
const { CHROME_PATH, CHROME_FLAGS } = require('./chrome.cjs');

const MIN_PERFORMANCE = Number(process.env.SIILO_LH_MIN_PERFORMANCE ?? 0.85);

/** What every page is held to, exactly. */
const everyPage = {
  'categories:accessibility': ['error', { minScore: 1 }],
  'categories:best-practices': ['error', { minScore: 1 }],
  'categories:seo': ['error', { minScore: 1 }],
  'cumulative-layout-shift': ['error', { maxNumericValue: 0.1 }],
};

/** A page's performance score, largest paint (ms) and blocking time (ms). */
const speed = (score, lcp, tbt) => ({
  'categories:performance': ['error', { minScore: score }],
  'largest-contentful-paint': ['error', { maxNumericValue: lcp }],
  'total-blocking-time': ['error', { maxNumericValue: tbt }],
});

module.exports = {
  ci: {
    collect: {
      numberOfRuns: 7,
      chromePath: CHROME_PATH,
      settings: { chromeFlags: CHROME_FLAGS.join(' ') },
    },
    assert: {
      assertMatrix: [
        {
          matchingUrlPattern: '^https?://[^/]+/$',
          aggregationMethod: 'median',
          assertions: { ...everyPage, ...speed(MIN_PERFORMANCE, 2700, 200) },
        },
        {
          matchingUrlPattern: '^https?://[^/]+/(calls|proposals)/',
          aggregationMethod: 'median',
          assertions: { ...everyPage, ...speed(MIN_PERFORMANCE - 0.05, 3500, 450) },
        },
      ],
    },
    upload: { target: 'filesystem', outputDir: './reports' },
  },
};
