// Debian's Chromium as every Lighthouse run here drives it (lighthouserc.cjs and run.mjs).
module.exports = {
  CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  CHROME_FLAGS: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
