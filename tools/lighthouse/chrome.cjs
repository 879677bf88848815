// Debian's Chromium (tools/chromium.cjs) as every Lighthouse run here drives it (lighthouserc.cjs
// and run.mjs); Lighthouse CI launches it itself, so headless is one of the flags.
const { CHROMIUM, CHROMIUM_ARGS } = require('../chromium.cjs');

module.exports = {
  CHROME_PATH: CHROMIUM,
  CHROME_FLAGS: ['--headless=new', ...CHROMIUM_ARGS],
};
