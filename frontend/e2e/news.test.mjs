// Call news (Ajankohtaista): an admin posts, edits and deletes a news item on the call page
// through its form; a visitor reads it rendered from Markdown, in Finnish and Swedish, on a
// phone too. axe runs on every screen; screenshots at 1440 and 375 px land in test-results/.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, HOUR, PHONE, e2eSuite, expectAccessible, iso, screenshot, noOverflow } from './support.mjs';

const e2e = e2eSuite();
const { newPage, login } = e2e;
const seed = {};

const api = (method, path, body, token = seed.admin.access_token) => e2e.api.call(method, path, body, token);

before(async () => {
  await e2e.start();
  seed.admin = await e2e.api.login(ADMIN.email);
});

describe('call news', () => {
  test('an admin posts news on the call page and a visitor reads it rendered', async () => {
    const now = Date.now();
    const call = await api('POST', '/calls', {
      slug: 'ajankohtaista-e2e',
      title: { fi: 'Siilonmurtajat', sv: 'Silobrytarna', en: 'Silo breakers' },
      description: { fi: 'Kokeiluja hallinnonalojen rajojen yli.' },
      opens_at: iso(now - HOUR),
      submissions_close_at: iso(now + 7 * 24 * HOUR),
      voting_closes_at: iso(now + 14 * 24 * HOUR),
    });
    await api('POST', `/calls/${call.id}/publish`);
    const callUrl = `${e2e.base}/calls/${call.slug}`;

    // The admin writes the news item: the Finnish texts are required.
    const adm = await newPage('fi');
    await login(adm, ADMIN.email);
    await adm.goto(callUrl);
    await adm.getByRole('heading', { name: 'Ajankohtaista' }).waitFor();
    await adm.getByText('Haussa ei ole vielä ajankohtaisia tiedotteita.').waitFor();
    await adm.getByRole('button', { name: 'Kirjoita tiedote' }).click();
    await adm.getByText('Tiedote julkaistaan heti, ja haun seuraajat saavat siitä ilmoituksen.').waitFor();
    await adm.getByRole('button', { name: 'Julkaise tiedote' }).click();
    await adm.locator('#news-new-title-fi').and(adm.locator('[aria-invalid=true]')).waitFor();
    await expectAccessible(adm, 'news form with errors (fi)');
    await adm.locator('#news-new-title-fi').fill('Ehdotusaikaa jatketaan viikolla');
    await adm.locator('#news-new-body-fi').fill('Ehdotuksia voi jättää **21.12.2026** asti.\n\n<script>alert(1)</script>');
    await adm.locator('#news-new-title-sv').fill('Tiden för förslag förlängs med en vecka');
    await adm.locator('#news-new-body-sv').fill('Förslag kan lämnas till och med **21.12.2026**.');
    await adm.getByRole('button', { name: 'Julkaise tiedote' }).click();
    await adm.getByText('Tiedote julkaistu.').waitFor();
    const item = adm.locator('.call-news__item', { hasText: 'Ehdotusaikaa jatketaan viikolla' });
    await item.locator('strong', { hasText: '21.12.2026' }).waitFor();
    await expectAccessible(adm, 'call page with news, admin (fi)');
    await screenshot(adm, 'news-call-admin-fi-1440');

    // An edit keeps the date and says it was edited.
    await item.getByRole('button', { name: 'Muokkaa' }).click();
    await adm.locator(`.call-news__item input[id$="-title-fi"]`).fill('Ehdotusaikaa jatketaan');
    await adm.getByRole('button', { name: 'Tallenna muutokset' }).click();
    await adm.getByText('Muutokset tallennettu.').waitFor();
    const edited = adm.locator('.call-news__item', { hasText: 'Ehdotusaikaa jatketaan' });
    await edited.getByText(/Muokattu \d+\.\d+\.\d{4}/).waitFor();

    // A visitor on a phone reads it rendered, with no writing tools; the script is not run.
    const visitor = await newPage('fi', PHONE);
    let alerted = false;
    visitor.on('dialog', async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await visitor.goto(callUrl);
    const news = visitor.locator('.call-news');
    await news.getByRole('heading', { name: 'Ajankohtaista' }).waitFor();
    await news.getByRole('heading', { name: 'Ehdotusaikaa jatketaan' }).waitFor();
    assert.equal(await news.locator('strong').first().innerText(), '21.12.2026');
    assert.equal(await news.locator('script').count(), 0);
    assert.equal(await visitor.getByRole('button', { name: 'Kirjoita tiedote' }).count(), 0);
    assert.equal(await news.getByRole('button', { name: 'Poista' }).count(), 0);
    assert.equal(alerted, false);
    await noOverflow(visitor, 'call page with news (375)');
    await expectAccessible(visitor, 'call page with news, visitor (fi, 375)');
    await news.screenshot({ path: 'test-results/news-call-visitor-fi-375.png' });
    await screenshot(visitor, 'news-call-visitor-fi-375-page');
    await visitor.context().close();

    // In Swedish the item reads in Swedish.
    const sv = await newPage('sv');
    await sv.goto(callUrl);
    await sv.getByRole('heading', { name: 'Aktuellt' }).waitFor();
    await sv.getByRole('heading', { name: 'Tiden för förslag förlängs med en vecka' }).waitFor();
    await expectAccessible(sv, 'call page with news, visitor (sv)');
    await sv.context().close();

    // The admin deletes it after confirming; the section is empty again.
    await edited.getByRole('button', { name: 'Poista' }).click();
    await adm.getByRole('dialog').getByText('Poistetaanko tiedote?').waitFor();
    await expectAccessible(adm, 'delete news dialog (fi)');
    await adm.getByRole('dialog').getByRole('button', { name: 'Poista' }).click();
    await adm.getByText('Tiedote poistettu.').waitFor();
    await adm.getByText('Haussa ei ole vielä ajankohtaisia tiedotteita.').waitFor();
    await adm.context().close();
  });
});
