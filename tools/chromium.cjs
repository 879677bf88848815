// Debian's Chromium as every browser test here drives it: the e2e journeys
// (frontend/e2e/support.mjs) and Lighthouse (tools/lighthouse). A test tool's own browser
// download cannot work on these machines; `make chromium` installs this one.
module.exports = {
  CHROMIUM: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  /** Headless by the launcher's own option; these keep the browser off the network and quiet. */
  CHROMIUM_ARGS: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
