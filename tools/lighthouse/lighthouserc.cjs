// Lighthouse CI for the served web client (run by run.mjs, which starts the server and names
// the pages). Mobile, Lighthouse's default simulated slow 4G and CPU slowdown; three runs per
// page, asserted on the median run. The targets of the web-performance issue: accessibility,
// best practices and SEO exact, the metric budgets exact, the performance score with a margin
// for a busy 2-core machine (the simulated timings include the machine's own CPU time).
const { CHROME_PATH, CHROME_FLAGS } = require('./chrome.cjs');

module.exports = {
  ci: {
    collect: {
      numberOfRuns: 3,
      chromePath: CHROME_PATH,
      settings: { chromeFlags: CHROME_FLAGS.join(' ') },
    },
    assert: {
      aggregationMethod: 'median-run',
      assertions: {
        'categories:performance': ['error', { minScore: Number(process.env.SIILO_LH_MIN_PERFORMANCE ?? 0.85) }],
        'categories:accessibility': ['error', { minScore: 1 }],
        'categories:best-practices': ['error', { minScore: 1 }],
        'categories:seo': ['error', { minScore: 1 }],
        'largest-contentful-paint': ['error', { maxNumericValue: 2500 }],
        'total-blocking-time': ['error', { maxNumericValue: 200 }],
        'cumulative-layout-shift': ['error', { maxNumericValue: 0.1 }],
      },
    },
    upload: { target: 'filesystem', outputDir: './reports' },
  },
};
