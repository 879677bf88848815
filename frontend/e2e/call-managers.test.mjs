// Calls hosted by organisations and run by their call managers (issue 14): an admin makes a
// Kela employee the manager of Kela's calls in the browser; the employee drafts Kela's own
// challenge call, publishes it and adds a theme from "Hallinnoimasi haut"; the front page
// shows "Haun järjestää" with Kela. axe runs on every screen; screenshots at 1440 and 375 px
// land in test-results/.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, PHONE, e2eSuite, expectAccessible, screenshot } from './support.mjs';

const e2e = e2eSuite();
const { newPage, login } = e2e;
const seed = {};

const api = (method, path, body, token = seed.admin.access_token) => e2e.api.call(method, path, body, token);

/** Kela: seeded when agencies are, else made here as an admin would. */
async function kela() {
  const orgs = (await api('GET', '/organisations')).items;
  const found = orgs.find((o) => o.code.toUpperCase() === 'KELA');
  if (found) return found;
  return api('POST', '/organisations', {
    code: 'KELA',
    name: { fi: 'Kansaneläkelaitos', sv: 'Folkpensionsanstalten', en: 'Social Insurance Institution of Finland' },
    short_name: { fi: 'Kela', sv: 'FPA', en: 'Kela' },
    email_domains: ['kela.fi'],
  });
}

before(async () => {
  await e2e.start();
  seed.admin = await e2e.api.login(ADMIN.email);
  seed.kela = await kela();
});

describe('call managers', () => {
  test("an admin delegates Kela's calls; the employee drafts, publishes and adds a theme; the front page names the host", async () => {
    const kerttu = await e2e.api.user('Kerttu Kelalainen');

    // The admin makes Kerttu the manager of Kela's calls.
    const adminPage = await newPage();
    await login(adminPage, ADMIN.email);
    await adminPage.goto(`${e2e.base}/admin/managers`);
    await adminPage.getByRole('heading', { level: 1, name: 'Organisaatioiden hakujen vastuuhenkilöt' }).waitFor();
    await adminPage.locator('#managers-organisation').click();
    await adminPage.getByRole('option', { name: /Kansaneläkelaitos/ }).click();
    await adminPage.getByRole('heading', { level: 2, name: 'Organisaation hakujen vastuuhenkilöt' }).waitFor();
    await adminPage.getByText('Ei vastuuhenkilöitä.').waitFor();
    const search = adminPage.getByRole('searchbox', { name: 'Hae käyttäjää nimellä tai sähköpostiosoitteella' });
    await search.fill('kerttu');
    await search.press('Enter');
    await adminPage.getByRole('button', { name: 'Lisää Kerttu Kelalainen vastuuhenkilöksi' }).click();
    await adminPage.getByRole('cell', { name: 'Kerttu Kelalainen', exact: true }).waitFor();
    await expectAccessible(adminPage, 'admin organisation managers (fi)');
    await screenshot(adminPage, 'call-managers-admin-fi-1440');
    await adminPage.context().close();

    // Kerttu runs Kela's calls from "Hallinnoimasi haut".
    const page = await newPage();
    await login(page, kerttu.user.email);
    await page.getByRole('link', { name: 'Hallinnoimasi haut' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hallinnoimasi haut' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Käyttäjät' }).count(), 0, 'no users screen for a call manager');
    await expectAccessible(page, 'managed calls (fi)');
    await page.getByRole('link', { name: 'Uusi haku' }).click();
    await page.locator('#call-slug').waitFor();
    await page.locator('#call-slug').fill('kelan-haaste-2027');
    await page.locator('#call-title-fi').fill('Kelan haaste: asiointi yhdellä kertaa');
    await page.locator('#call-title-sv').fill('FPA:s utmaning: ärenden på en gång');
    await page.locator('#call-description-fi').fill('Miten asiakas hoitaisi asiansa yhdellä yhteydenotolla?');
    const now = Date.now();
    const local = (ms) => new Date(ms + 2 * 3600_000).toISOString().slice(0, 16);
    await page.locator('#call-opens_at').fill(local(now - 3600_000));
    await page.locator('#call-submissions_close_at').fill(local(now + 7 * 24 * 3600_000));
    await page.locator('#call-voting_closes_at').fill(local(now + 14 * 24 * 3600_000));
    // The host is preselected: Kela, the one organisation whose calls she manages.
    await page
      .locator('#call-host-organisation')
      .getByText(/Kansaneläkelaitos/)
      .waitFor();
    await expectAccessible(page, 'manager new call (fi)');
    await screenshot(page, 'call-managers-new-call-fi-1440');
    await page.getByRole('button', { name: 'Luo haku' }).click();
    await page.waitForURL(/\/admin\/calls\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 1, name: 'Kelan haaste: asiointi yhdellä kertaa' }).waitFor();
    const id = page.url().split('/').pop();
    const draft = await api('GET', `/calls/${id}`);
    assert.equal(draft.phase, 'draft');
    assert.equal(draft.host_organisation.id, seed.kela.id);
    // Nobody else sees the draft.
    const hidden = await fetch(`${e2e.base}/api/v1/calls/${id}`);
    assert.equal(hidden.status, 404);

    await page.getByRole('button', { name: 'Julkaise haku' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Julkaise haku' }).click();
    await page.getByText('Haku on julkaistu.').waitFor();

    await page.locator('#new-theme-fi').fill('Asiakaspalvelu');
    await page.getByRole('button', { name: 'Lisää teema' }).click();
    await page.locator('.theme-list').getByText('Asiakaspalvelu').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Haun vastuuhenkilöt' }).count(), 0, 'granting is for admins');
    await expectAccessible(page, 'manager edit call (fi)');
    await screenshot(page, 'call-managers-edit-call-fi-1440');
    const published = await api('GET', `/calls/${id}`);
    assert.equal(published.phase, 'open');
    assert.deepEqual(
      published.themes.map((t) => t.name.fi),
      ['Asiakaspalvelu'],
    );
    await page.context().close();

    // Every act is in the audit log, with Kerttu as the actor.
    const log = await api('GET', `/moderation/log?call_id=${id}`);
    const actions = log.items.map((e) => e.action).reverse();
    assert.deepEqual(actions, ['call_created', 'call_published', 'themes_changed']);
    assert.ok(log.items.every((e) => e.actor.id === kerttu.user.id));

    // The front page names the host, on a desktop and on a phone.
    for (const [viewport, name] of [
      [undefined, 'call-managers-front-fi-1440'],
      [PHONE, 'call-managers-front-fi-375'],
    ]) {
      const visitor = await newPage('fi', viewport);
      await visitor.goto(e2e.base);
      const card = visitor.locator('.call-card', { hasText: 'Kelan haaste' });
      await card.getByText('Haun järjestää:').waitFor();
      await card.getByText('Kela', { exact: true }).waitFor();
      await expectAccessible(visitor, `front page with host (${name})`);
      await screenshot(visitor, name);
      await visitor.goto(`${e2e.base}/calls/kelan-haaste-2027`);
      await visitor.getByText('Haun järjestää:').waitFor();
      await visitor.getByText('Kansaneläkelaitos').waitFor();
      await expectAccessible(visitor, `call page with host (${name})`);
      await visitor.context().close();
    }
  });
});
