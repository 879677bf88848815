// Team proposals (issue 14): an STM author invites a colleague from another ministry (OKM)
// while writing the proposal; the colleague accepts on the invitations page (linked from the
// menu and from the notification) and edits the proposal; the proposal shows both
// organisations. The author's co-author panel and the invitations page are checked with axe,
// and photographed at 1440 and 375 px into test-results/.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, PHONE, e2eSuite, expectAccessible, iso, screenshot, noOverflow } from './support.mjs';

const e2e = e2eSuite();
const { newPage, login } = e2e;
const seed = {};
const HOUR = 3600_000;
const DAY = 24 * HOUR;

before(async () => {
  await e2e.start();
  seed.admin = await e2e.api.login(ADMIN.email);
  const api = (method, path, body) => e2e.api.call(method, path, body, seed.admin.access_token);
  const now = Date.now();
  seed.call = await api('POST', '/calls', {
    slug: 'tiimihaku',
    title: { fi: 'Tiimihaku', sv: 'Teamutlysning', en: 'Team call' },
    description: { fi: 'Kokeiluja hallinnonalojen rajojen yli.' },
    opens_at: iso(now - HOUR),
    submissions_close_at: iso(now + 7 * DAY),
    voting_closes_at: iso(now + 14 * DAY),
    moderation_mode: 'post',
    themes: [],
  });
  await api('POST', `/calls/${seed.call.id}/publish`);
  seed.anna = await e2e.api.register('anna.aalto@stm.fi', 'Anna Aalto');
  seed.olli = await e2e.api.register('olli.ojala@okm.fi', 'Olli Ojala');
});

describe('team proposals', () => {
  test('an STM author invites an OKM colleague, who accepts and edits; the page shows both organisations', async () => {
    // Anna writes the proposal and adds Olli as a co-author while writing.
    const page = await newPage('fi');
    await login(page, 'anna.aalto@stm.fi');
    await page.goto(`${e2e.base}/calls/tiimihaku/proposals/new`);
    await page.locator('#proposal-title').fill('Yhteinen neuvontapalvelu perheille');
    await page.locator('#proposal-summary').fill('Kokeillaan yhteistä neuvontaa sosiaali- ja opetustoimen kesken.');
    await page.locator('#proposal-challenge').fill('Perheet asioivat monessa paikassa.');
    await page.locator('#proposal-idea').fill('Yksi yhteinen neuvontapiste.');
    await page.locator('#coauthor-draft-email').fill('Olli.Ojala@okm.fi');
    // Enter adds the address; it does not submit the proposal.
    await page.locator('#coauthor-draft-email').press('Enter');
    await page.locator('.coauthor-draft__list').getByText('olli.ojala@okm.fi', { exact: true }).waitFor();
    await expectAccessible(page, 'new proposal with a co-author to invite');
    await page.getByRole('button', { name: 'Lähetä ehdotus' }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]+$/);
    const proposalUrl = page.url();
    const panel = page.locator('.coauthor-panel');
    await panel.getByRole('heading', { name: 'Kanssakirjoittajat' }).waitFor();
    await panel.locator('.coauthor-row').filter({ hasText: 'Olli Ojala' }).getByText('Kutsuttu').waitFor();
    await expectAccessible(page, 'proposal with the co-author panel');
    await screenshot(page, 'coauthors-author-panel');

    // Olli sees the invitation in the menu and in his notifications, and accepts it.
    const olli = await newPage('fi');
    await login(olli, 'olli.ojala@okm.fi');
    await olli.getByRole('link', { name: /^Kutsut/ }).click();
    await olli.getByRole('heading', { level: 1, name: 'Kutsut' }).waitFor();
    await olli.getByText('Kutsuja: Anna Aalto').waitFor();
    await expectAccessible(olli, 'invitations page');
    await screenshot(olli, 'coauthors-invitations');
    await olli.setViewportSize(PHONE);
    await noOverflow(olli, 'invitations at 375 px');
    await screenshot(olli, 'coauthors-invitations-375');
    await olli.setViewportSize({ width: 1440, height: 900 });
    await olli.goto(`${e2e.base}/notifications`);
    const note = olli.getByRole('link', {
      name: /Anna Aalto kutsui sinut ehdotuksen nro \d+ ”Yhteinen neuvontapalvelu perheille” kanssakirjoittajaksi/,
    });
    await note.click();
    await olli.waitForURL(/\/invitations$/);
    await olli.getByRole('button', { name: 'Hyväksy' }).click();
    await olli
      .locator('.status-message')
      .getByText(/Hyväksyit kutsun/)
      .waitFor();
    await olli.getByText('Sinulla ei ole avoimia kutsuja.').waitFor();

    // He edits the proposal.
    await olli.goto(proposalUrl);
    await olli.getByRole('link', { name: 'Muokkaa ehdotusta' }).click();
    await olli.locator('#proposal-title').fill('Yhteinen neuvontapalvelu lapsiperheille');
    await olli.getByRole('button', { name: 'Tallenna' }).click();
    await olli.getByRole('heading', { level: 1, name: 'Yhteinen neuvontapalvelu lapsiperheille' }).waitFor();
    // A co-author edits, but does not withdraw; he may leave.
    assert.equal(await olli.getByRole('button', { name: 'Vedä ehdotus pois' }).count(), 0);
    await olli.getByRole('button', { name: 'Poistu ehdotuksesta' }).waitFor();

    // The page shows both authors with their organisations, also to a visitor.
    const visitor = await newPage('fi');
    await visitor.goto(proposalUrl);
    const team = visitor.locator('.proposal-team');
    await team.getByRole('heading', { name: 'Ehdotuksen tekijät' }).waitFor();
    const members = await team.locator('.team-list__member').allInnerTexts();
    assert.equal(members.length, 2, JSON.stringify(members));
    assert.match(members[0], /Anna Aalto/);
    assert.match(members[0], /STM|Sosiaali- ja terveysministeriö/);
    assert.match(members[1], /Olli Ojala/);
    assert.match(members[1], /OKM|Opetus- ja kulttuuriministeriö/);
    await expectAccessible(visitor, 'proposal with its team');

    // Anna hears of the answer, and sees Olli as joined.
    await page.reload();
    await panel.locator('.coauthor-row').filter({ hasText: 'Olli Ojala' }).getByText('Mukana').waitFor();
    await page.setViewportSize(PHONE);
    await noOverflow(page, 'proposal with the co-author panel at 375 px');
    await screenshot(page, 'coauthors-author-panel-375');
    await page.goto(`${e2e.base}/notifications`);
    await page.getByRole('link', { name: /Olli Ojala hyväksyi kutsusi/ }).waitFor();
  });
});
