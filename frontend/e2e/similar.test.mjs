// Issue 14's "similar proposals while writing": typing a title in the new-proposal form shows
// a similar existing proposal (found across Finnish inflection), with a link that opens in a
// new tab and says so, and the count in a polite live region; a moderator sees the possible
// duplicates on a proposal's page. axe runs on every screen; screenshots at 1440 and 375 px
// land in test-results/.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, PHONE, e2eSuite, expectAccessible, iso, screenshot, noOverflow } from './support.mjs';

const e2e = e2eSuite();
const { newPage, login } = e2e;
const seed = {};
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const admin = () => seed.admin.access_token;
const api = (method, path, body, token = admin()) => e2e.api.call(method, path, body, token);

async function openCall(slug, title) {
  const now = Date.now();
  const call = await api('POST', '/calls', {
    slug,
    title: { fi: title, sv: `${title} (sv)`, en: `${title} (en)` },
    description: { fi: 'Kokeiluja hallinnonalojen rajojen yli.' },
    opens_at: iso(now - HOUR),
    submissions_close_at: iso(now + 7 * DAY),
    voting_closes_at: iso(now + 14 * DAY),
    moderation_mode: 'post',
  });
  await api('POST', `/calls/${call.id}/publish`);
  return call;
}

async function propose(call, author, title, summary) {
  return api(
    'POST',
    `/calls/${call.id}/proposals`,
    { title, summary, challenge: 'Moni on töissä silloin, kun palvelut ovat auki.', idea: 'Kokeillaan omatoimiaikaa.' },
    author.access_token,
  );
}

before(async () => {
  await e2e.start();
  seed.admin = await e2e.api.login(ADMIN.email);
  seed.call = await openCall('samankaltaiset', 'Siilonmurtajat');
  seed.alice = await e2e.api.user('Aino Kirjasto');
  seed.existing = await propose(seed.call, seed.alice, 'Pidempi aukioloaika kirjastossa', 'Kirjastossa voisi asioida myös iltaisin.');
  await propose(seed.call, seed.alice, 'Avoin data kunnille', 'Rajapinnat yhteen paikkaan.');
});

describe('similar proposals while writing', () => {
  test('typing a title in the new-proposal form shows a similar existing proposal', async () => {
    const bob = await e2e.api.user('Bertta Lukija');
    for (const [viewport, suffix] of [
      [undefined, 'desktop'],
      [PHONE, 'phone'],
    ]) {
      const page = await newPage('fi', viewport);
      await login(page, bob.user.email);
      await page.goto(`${e2e.base}/calls/${seed.call.slug}/proposals/new`);
      const panel = page.getByRole('region', { name: 'Samankaltaiset ehdotukset' });
      await panel.waitFor();
      // One word is not enough to ask.
      await page.locator('#proposal-title').fill('Kirjastojen');
      await page.waitForTimeout(800);
      assert.equal(await panel.getByRole('link').count(), 0);

      await page.locator('#proposal-title').pressSequentially(' aukioloajat', { delay: 30 });
      const link = panel.getByRole('link', { name: /Pidempi aukioloaika kirjastossa/ });
      await link.waitFor();
      assert.match((await link.textContent()) ?? '', /avautuu uuteen välilehteen/);
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('href'), `/proposals/${seed.existing.id}`);
      assert.equal(await panel.getByRole('link').count(), 1, 'the unrelated proposal does not show');
      await panel.getByText('Voit peukuttaa, kommentoida tai liittyä mukaan olemassa olevaan ehdotukseen.').waitFor();
      assert.equal(await panel.getByRole('status').textContent(), 'Löytyi 1 samankaltainen ehdotus.');
      await expectAccessible(page, `new proposal with similar proposals (${suffix})`);
      if (viewport) await noOverflow(page, 'new proposal at 375 px');
      await screenshot(page, `similar-new-proposal-${suffix}`);
      await page.close();
    }
  });

  test('a moderator sees the possible duplicates of a proposal', async () => {
    const bob = await e2e.api.user('Bertil Dubbel', 'sv');
    const twin = await propose(seed.call, bob, 'Kirjastot auki iltaisin', 'Aukioloajat pidemmiksi kirjastoissa.');
    const page = await newPage('fi');
    await login(page, ADMIN.email);
    await page.goto(`${e2e.base}/proposals/${twin.id}`);
    const section = page.getByRole('region', { name: 'Mahdolliset päällekkäiset ehdotukset' });
    const link = section.getByRole('link', { name: 'Pidempi aukioloaika kirjastossa' });
    await link.waitFor();
    await expectAccessible(page, 'proposal page with possible duplicates');
    await screenshot(page, 'similar-duplicates-desktop');
    await link.click();
    await page.waitForURL(`**/proposals/${seed.existing.id}`);
    await page.close();
  });
});
