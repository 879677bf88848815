// Lighthouse CI for the served web client (run by run.mjs, which starts the server and names
// the pages). Mobile, Lighthouse's default simulated slow 4G and CPU slowdown; five runs per
// page, asserted on the median run (the simulated timings include the machine's own CPU time,
// which varies from run to run on a 2-core machine).
//
// The targets of the web-performance issue (#16): accessibility, best practices and SEO
// exact, blocking time and layout shift exact, the performance score with a margin for a busy
// machine. The largest paint meets its 2.5 s target on the front page; the call and proposal
// pages reach about 3 s, so theirs is held at 3.5 s, not to fall back (README.md says what
// holds them).
const { CHROME_PATH, CHROME_FLAGS } = require('./chrome.cjs');

const MIN_PERFORMANCE = Number(process.env.SIILO_LH_MIN_PERFORMANCE ?? 0.85);

/** What every page is held to. */
const everyPage = {
  'categories:performance': ['error', { minScore: MIN_PERFORMANCE }],
  'categories:accessibility': ['error', { minScore: 1 }],
  'categories:best-practices': ['error', { minScore: 1 }],
  'categories:seo': ['error', { minScore: 1 }],
  'total-blocking-time': ['error', { maxNumericValue: 200 }],
  'cumulative-layout-shift': ['error', { maxNumericValue: 0.1 }],
};

const largestPaint = (ms) => ({ 'largest-contentful-paint': ['error', { maxNumericValue: ms }] });

module.exports = {
  ci: {
    collect: {
      numberOfRuns: 5,
      chromePath: CHROME_PATH,
      settings: { chromeFlags: CHROME_FLAGS.join(' ') },
    },
    assert: {
      assertMatrix: [
        {
          matchingUrlPattern: '^https?://[^/]+/$',
          aggregationMethod: 'median-run',
          assertions: { ...everyPage, ...largestPaint(2500) },
        },
        {
          matchingUrlPattern: '^https?://[^/]+/(calls|proposals)/',
          aggregationMethod: 'median-run',
          assertions: { ...everyPage, ...largestPaint(3500) },
        },
      ],
    },
    upload: { target: 'filesystem', outputDir: './reports' },
  },
};
