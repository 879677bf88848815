// Agencies and administrative branches (issue 14): the admin moves an agency to another
// ministry's branch in the browser; a proposal that crosses two branches shows its reach on
// its card and page, sorts first by "most branches" and stays when only cross-administrative
// proposals are shown. axe runs on every screen; screenshots at 1440 and 375 px land in
// test-results/.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ADMIN, HOUR, PHONE, e2eSuite, expectAccessible, iso, screenshot, noOverflow } from './support.mjs';

const e2e = e2eSuite();
const { newPage, login } = e2e;
const seed = {};
const DAY = 24 * HOUR;

const api = (method, path, body, token = seed.admin.access_token) => e2e.api.call(method, path, body, token);

async function orgs() {
  return Object.fromEntries((await e2e.api.call('GET', '/organisations')).items.map((o) => [o.code, o]));
}

before(async () => {
  await e2e.start();
  seed.admin = await e2e.api.login(ADMIN.email);
  seed.orgs = await orgs();
  const now = Date.now();
  seed.call = await api('POST', '/calls', {
    slug: 'hallinnonalat-e2e',
    title: { fi: 'Siilonmurtajat', sv: 'Silobrytarna', en: 'Silo breakers' },
    description: { fi: 'Kokeiluja hallinnonalojen rajojen yli.' },
    opens_at: iso(now - HOUR),
    submissions_close_at: iso(now + 7 * DAY),
    voting_closes_at: iso(now + 14 * DAY),
    moderation_mode: 'post',
  });
  await api('POST', `/calls/${seed.call.id}/publish`);
  const aino = await e2e.api.register('aino.virtanen@vm.fi', 'Aino Virtanen');
  const propose = (title, organisation_ids) =>
    api(
      'POST',
      `/calls/${seed.call.id}/proposals`,
      {
        title,
        summary: 'Kokeillaan yhteistä palvelua puolen vuoden ajan.',
        challenge: 'Asiakkaat asioivat kahdessa paikassa saman asian vuoksi.',
        idea: 'Yksi yhteinen palvelupiste ja yhteinen tietojärjestelmä.',
        organisation_ids,
      },
      aino.access_token,
    );
  seed.inside = await propose('Verotiedot suoraan budjetointiin', [seed.orgs.VERO.id]);
  seed.crossing = await propose('Terveystiedot ja talousarvio samaan näkymään', [seed.orgs.THL.id]);
  seed.alone = await propose('Ministeriön oma kokeilu', []);
});

test('the admin moves an agency to another ministry’s branch', async () => {
  const page = await newPage();
  await login(page, ADMIN.email);
  await page.goto(`${e2e.base}/admin/organisations`);
  await page.getByRole('heading', { level: 1, name: 'Organisaatiot ja hallinnonalat' }).waitFor();
  await page.locator('.branch-list [data-code="TTL"]').waitFor();
  await expectAccessible(page, 'admin organisations');
  await screenshot(page, 'branches-admin-desktop');

  await page.locator('#branch-organisation').click();
  await page.getByRole('option', { name: 'STM › Työterveyslaitos (TTL)' }).click();
  await page.locator('#branch-parent').getByRole('button').click();
  await page.getByRole('option', { name: 'Työ- ja elinkeinoministeriö (TEM)' }).click();
  await page.getByRole('button', { name: 'Tallenna' }).click();
  await page.getByText('Työterveyslaitos (TTL): muutokset on tallennettu.').waitFor();
  await page.locator('.branch-list [data-code="TEM"] [data-code="TTL"]').waitFor();
  await expectAccessible(page, 'admin organisations, saved');

  const now = await orgs();
  assert.equal(now.TTL.parent_id, now.TEM.id);
  assert.equal(now.TTL.branch.code, 'TEM');

  await page.setViewportSize(PHONE);
  await noOverflow(page, 'admin organisations at 375 px');
  await screenshot(page, 'branches-admin-phone');
  await page.context().close();
});

test('a proposal across two branches shows its reach and sorts first', async () => {
  const page = await newPage();
  await page.goto(`${e2e.base}/calls/hallinnonalat-e2e`);
  await page.locator('.proposal-card').first().waitFor();
  await page.getByRole('button', { name: /Järjestys/ }).click();
  await page.getByRole('option', { name: 'Eniten hallinnonaloja' }).click();
  await page.waitForURL(/sort=reach/);
  const first = page.locator('.proposal-card').first();
  await first.getByRole('link', { name: seed.crossing.title }).waitFor();
  assert.equal(await first.locator('.reach-badge').innerText(), '2 hallinnonalaa');
  assert.equal(await page.locator('.reach-badge').count(), 1, 'only the crossing one has a badge');
  await expectAccessible(page, 'call sorted by reach');
  await screenshot(page, 'branches-call-desktop');

  await page.getByText('Vain poikkihallinnolliset').click();
  await page.waitForURL(/min_reach=2/);
  await page.waitForFunction(() => document.querySelectorAll('.proposal-card').length === 1);
  await page.setViewportSize(PHONE);
  await noOverflow(page, 'call at 375 px');
  await screenshot(page, 'branches-call-phone');

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.locator('.proposal-card').first().getByRole('link', { name: seed.crossing.title }).click();
  await page.getByRole('heading', { level: 1, name: seed.crossing.title }).waitFor();
  const section = page.locator('.proposal-branches');
  await section.getByText('Hallinnonala: Sosiaali- ja terveysministeriö').waitFor();
  await section.getByText('Hallinnonala: Valtiovarainministeriö').waitFor();
  assert.equal(await section.locator('.reach-badge').innerText(), '2 hallinnonalaa');
  await expectAccessible(page, 'proposal with its branches');
  await screenshot(page, 'branches-proposal-desktop');
  await page.context().close();
});
