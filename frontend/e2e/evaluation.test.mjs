// Journeys of issue 12 (evaluation and results): two evaluators review blind (neither sees the
// other's scores before submitting their own), the ranking flags their disagreement, an admin
// decides and publishes the results, and the call's results page shows the decisions with their
// answers, selected first. Also: a moderator merges a duplicate from the proposal page, and an
// admin edits the criteria (shown on the call page) and assigns an evaluator. axe runs on every
// new screen, a 375 px check on the ranking and the results; screenshots land in test-results/.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, PHONE, e2eSuite, expectAccessible, iso, screenshot, noOverflow } from './support.mjs';

const e2e = e2eSuite({ axeReport: false, consoleErrors: false });
const { newPage, login } = e2e;
const seed = {};

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function openCall(slug, title) {
  const now = Date.now();
  const call = await e2e.api.call(
    'POST',
    '/calls',
    {
      slug,
      title: { fi: title, sv: `${title} (sv)`, en: `${title} (en)` },
      description: { fi: 'Kokeiluja hallinnonalojen rajojen yli.' },
      opens_at: iso(now - HOUR),
      submissions_close_at: iso(now + 7 * DAY),
      voting_closes_at: iso(now + 14 * DAY),
      moderation_mode: 'post',
      report_threshold: 3,
      themes: [],
    },
    seed.admin.access_token,
  );
  await e2e.api.call('POST', `/calls/${call.id}/publish`, undefined, seed.admin.access_token);
  return call;
}

async function proposal(call, token, title) {
  return e2e.api.call(
    'POST',
    `/calls/${call.id}/proposals`,
    {
      title,
      summary: 'Kokeillaan yhteistä palvelua kahden viraston kesken puolen vuoden ajan.',
      challenge: 'Asiakkaat asioivat kahdessa paikassa saman asian vuoksi.',
      idea: 'Yksi yhteinen palvelupiste ja yhteinen tietojärjestelmä.',
    },
    token,
  );
}

async function member(name, roles = [], language = 'fi') {
  const u = await e2e.api.user(name, language);
  if (roles.length > 0) await e2e.api.call('PATCH', `/users/${u.user.id}`, { roles }, seed.admin.access_token);
  return u;
}

/** The call's window is over: it is in the `review` phase. */
async function toReview(call) {
  const now = Date.now();
  await e2e.api.call(
    'PATCH',
    `/calls/${call.id}`,
    { opens_at: iso(now - 72 * HOUR), submissions_close_at: iso(now - 48 * HOUR), voting_closes_at: iso(now - 24 * HOUR) },
    seed.admin.access_token,
  );
}

const CRITERIA = [
  {
    name: { fi: 'Hallinnonrajat ylittävä vaikutus', sv: 'Förvaltningsövergripande räckvidd', en: 'Cross-administrative reach' },
    description: {
      fi: 'Kuinka monen hallinnonalan työtä kokeilu muuttaa.',
      sv: 'Hur många förvaltningsområden försöket berör.',
      en: 'How many branches it changes.',
    },
    weight: 2,
  },
  {
    name: { fi: 'Toteutettavuus puolessa vuodessa', sv: 'Genomförbarhet på sex månader', en: 'Feasible within six months' },
    description: {
      fi: 'Voiko kokeilun viedä läpi kuudessa kuukaudessa?',
      sv: 'Kan försöket genomföras på sex månader?',
      en: 'Can it be done in six months?',
    },
    weight: 1,
  },
];

/** Scores one criterion in the review form (its radio group is named by the criterion). */
async function score(page, criterion, value) {
  await page
    .getByRole('group', { name: new RegExp(criterion) })
    .getByLabel(String(value), { exact: true })
    .check({ force: true });
}

before(async () => {
  await e2e.start();
  const { api } = e2e;
  seed.admin = await api.login(ADMIN.email);
  seed.call = await openCall('arvioitava-haku', 'Arvioitava haku');
  const put = await api.call('PUT', `/calls/${seed.call.id}/criteria`, { criteria: CRITERIA }, seed.admin.access_token);
  seed.criteria = put.items;
  seed.author = await member('Aino Ehdottaja');
  seed.author2 = await member('Bertil Förslagsställare', [], 'sv');
  seed.e1 = await member('Eeva Arvioija', ['evaluator']);
  seed.e2 = await member('Erkki Arvioija', ['evaluator']);
  seed.mod = await member('Mona Moderaattori', ['moderator']);
  for (const e of [seed.e1, seed.e2]) {
    await api.call('PUT', `/calls/${seed.call.id}/evaluators/${e.user.id}`, undefined, seed.admin.access_token);
  }
  seed.p1 = await proposal(seed.call, seed.author.access_token, 'Yhteinen asiakaspalvelu kahdelle virastolle');
  seed.p2 = await proposal(seed.call, seed.author2.access_token, 'Gemensam kundtjänst för två myndigheter');
  seed.p3 = await proposal(seed.call, seed.author.access_token, 'Yhteinen palvelupiste virastoille');
  seed.p4 = await proposal(seed.call, seed.author2.access_token, 'Yhteinen palvelupiste virastoille (kaksoiskappale)');
  await toReview(seed.call);
});

describe('evaluation', () => {
  test('two evaluators review blind; the ranking flags disagreement; an admin decides and publishes; the results page shows the decisions', async () => {
    const [c1, c2] = seed.criteria.map((c) => c.name.fi);
    // The first evaluator finds the call in the workspace and reviews proposal 1.
    const e1 = await newPage('fi');
    await login(e1, seed.e1.user.email);
    await e1.getByRole('link', { name: 'Arviointi' }).click();
    await e1.getByRole('heading', { level: 1, name: 'Arviointi' }).waitFor();
    const card = e1.locator('.evaluation-call', { hasText: 'Arvioitava haku' });
    await card.getByText('0/4 ehdotusta arvioitu').waitFor();
    await card.getByText('Arvioita voi nyt lähettää.').waitFor();
    await expectAccessible(e1, 'evaluation workspace (fi)');
    await screenshot(e1, 'evaluation-workspace-fi-1440');
    await card.getByRole('link', { name: 'Arvioitava haku' }).click();
    await e1.getByRole('heading', { level: 2, name: 'Ehdotusten järjestys' }).waitFor();
    await e1.getByText('Piilossa, kunnes arvioit').first().waitFor();
    await expectAccessible(e1, 'ranking, nothing reviewed (fi)');
    await e1.getByRole('link', { name: /Yhteinen asiakaspalvelu kahdelle virastolle/ }).click();
    await e1.getByRole('heading', { level: 2, name: 'Arviosi' }).waitFor();
    await e1.getByText('Muiden arvioijien arviot ovat piilossa, kunnes lähetät oman arviosi.', { exact: false }).waitFor();
    // Submitting an incomplete review says what is missing, with links to the fields.
    await score(e1, c1, 5);
    await e1.getByRole('button', { name: 'Lähetä arvio' }).click();
    const summary = e1.locator('.error-summary');
    await summary.getByRole('link', { name: c2 }).waitFor();
    await summary.getByRole('link', { name: 'Suositus' }).waitFor();
    await expectAccessible(e1, 'review form with errors (fi)');
    await screenshot(e1, 'evaluation-review-errors-fi-1440');
    await score(e1, c2, 4);
    await e1.getByRole('group', { name: 'Suositus' }).getByLabel('Jatkoon', { exact: true }).check({ force: true });
    await e1.getByLabel(/Oma muistiinpano/).fill('Vahva ehdotus, selkeä hyöty asiakkaille.');
    // A draft is kept.
    await e1.getByRole('button', { name: 'Tallenna luonnos' }).click();
    await e1.getByText('Luonnos tallennettu.').waitFor();
    await e1.reload();
    await e1.getByText(/Luonnos tallennettu \d/).waitFor();
    assert.equal(await e1.getByLabel(/Oma muistiinpano/).inputValue(), 'Vahva ehdotus, selkeä hyöty asiakkaille.');
    // Submitting asks first: a submitted review is final.
    await e1.getByRole('button', { name: 'Lähetä arvio' }).click();
    const confirm = e1.getByRole('dialog');
    await confirm.getByRole('heading', { name: 'Lähetetäänkö arvio?' }).waitFor();
    await expectAccessible(e1, 'review confirmation (fi)');
    await confirm.getByRole('button', { name: 'Lähetä arvio' }).click();
    await e1.getByText('Arvio lähetetty.').waitFor();
    await e1.getByRole('heading', { name: 'Lähettämäsi arvio' }).waitFor();
    await e1.getByText('Kukaan muu arvioija ei ole vielä lähettänyt arviota.').waitFor();
    await e1.context().close();

    // The second evaluator does not see the first one's scores or note before submitting.
    const e2 = await newPage('fi');
    await login(e2, seed.e2.user.email);
    await e2.goto(`${e2e.base}/evaluation/proposals/${seed.p1.id}`);
    await e2.getByRole('heading', { level: 2, name: 'Arviosi' }).waitFor();
    await e2.getByText('Muiden arvioijien arviot ovat piilossa', { exact: false }).waitFor();
    assert.equal(await e2.getByText('Vahva ehdotus, selkeä hyöty asiakkaille.').count(), 0);
    assert.equal(await e2.getByText('Eeva Arvioija').count(), 0);
    await expectAccessible(e2, 'review form, blind (fi)');
    await screenshot(e2, 'evaluation-review-blind-fi-1440');
    await score(e2, c1, 2);
    await score(e2, c2, 3);
    await e2.getByRole('group', { name: 'Suositus' }).getByLabel('Ei jatkoon', { exact: true }).check({ force: true });
    await e2.getByRole('button', { name: 'Lähetä arvio' }).click();
    await e2.getByRole('dialog').getByRole('button', { name: 'Lähetä arvio' }).click();
    await e2.getByText('Arvio lähetetty.').waitFor();
    // Now the other review shows, with its note.
    await e2.getByText('Vahva ehdotus, selkeä hyöty asiakkaille.').waitFor();
    await e2.locator('.review-card', { hasText: 'Eeva Arvioija' }).waitFor();
    await expectAccessible(e2, 'review submitted, others shown (fi)');
    await screenshot(e2, 'evaluation-review-others-fi-1440');
    // The ranking: proposal 1 scored with a disagreement flag (5 vs 2), the others hidden and missing reviews.
    await e2.goto(`${e2e.base}/evaluation/calls/${seed.call.id}`);
    const row1 = e2.locator('tr', { hasText: 'Yhteinen asiakaspalvelu kahdelle virastolle' });
    await row1.getByText('Erimielisyys').waitFor();
    // (5·2 + 4·1)/3 = 4.67 and (2·2 + 3·1)/3 = 2.33: the mean is 3.50.
    await row1.getByText('3,50').waitFor();
    const row2 = e2.locator('tr', { hasText: 'Gemensam kundtjänst för två myndigheter' });
    await row2.getByText('Piilossa, kunnes arvioit').waitFor();
    await row2.getByText('2 puuttuu').waitFor();
    await e2.getByText('Niiden ehdotusten pisteet, joita et ole vielä arvioinut, on piilotettu', { exact: false }).waitFor();
    await e2.getByRole('heading', { name: 'Arvioinnin eteneminen' }).waitFor();
    await expectAccessible(e2, 'ranking with disagreement (fi)');
    await screenshot(e2, 'evaluation-ranking-fi-1440');
    // Sorting by thumbs, by the column's button.
    await e2.getByRole('button', { name: 'Peukut' }).click();
    await e2.waitForURL(/sort=thumbs/);
    await e2.locator('th[aria-sort="descending"]', { hasText: 'Peukut' }).waitFor();
    // The export downloads a CSV.
    const [download] = await Promise.all([e2.waitForEvent('download'), e2.getByRole('button', { name: /Lataa CSV/ }).click()]);
    assert.match(download.suggestedFilename(), /arvioitava-haku-proposals\.csv/);
    await e2.setViewportSize(PHONE);
    await noOverflow(e2, 'ranking (375)');
    await expectAccessible(e2, 'ranking (fi, 375)');
    await screenshot(e2, 'evaluation-ranking-fi-375');
    await e2.context().close();

    // The admin decides inline in the ranking, then publishes the results.
    const admin = await newPage('fi');
    await login(admin, ADMIN.email);
    await admin.goto(`${e2e.base}/evaluation/calls/${seed.call.id}`);
    await admin.getByRole('button', { name: /ehdotus nro 1$/ }).click();
    const dlg = admin.getByRole('dialog');
    await dlg.getByRole('heading', { name: /Päätös: nro 1/ }).waitFor();
    await dlg.getByRole('button', { name: 'Tallenna päätös' }).click();
    await dlg.getByText('Valitse päätös.').waitFor();
    await expectAccessible(admin, 'decision dialog (fi)');
    await screenshot(admin, 'evaluation-decision-fi-1440');
    await dlg.getByLabel('Valittu', { exact: true }).check({ force: true });
    await dlg.getByLabel('Julkinen vastaus suomeksi').fill('Valittiin kokeiluun: selkeä hyöty kahdelle virastolle.');
    await dlg.getByLabel('Julkinen vastaus ruotsiksi').fill('Valdes för ett försök: tydlig nytta för två myndigheter.');
    await dlg.getByRole('button', { name: 'Tallenna päätös' }).click();
    await admin.getByText('Päätös ehdotuksesta nro 1 tallennettu.').waitFor();
    await admin.locator('tr', { hasText: 'Yhteinen asiakaspalvelu kahdelle virastolle' }).getByText('Valittu').waitFor();
    await admin.getByRole('button', { name: /ehdotus nro 2$/ }).click();
    await dlg.getByLabel('Ei valittu', { exact: true }).check({ force: true });
    await dlg.getByLabel('Julkinen vastaus suomeksi').fill('Hyvä ajatus, mutta ei toteutettavissa puolessa vuodessa.');
    await dlg.getByRole('button', { name: 'Tallenna päätös' }).click();
    await admin.getByText('Päätös ehdotuksesta nro 2 tallennettu.').waitFor();
    // Before publishing, visitors see no results.
    const early = await e2e.api.call('GET', `/calls/${seed.call.id}/decisions`);
    assert.equal(early.published, false);
    assert.equal(early.items.length, 0);

    await admin.goto(`${e2e.base}/admin/calls/${seed.call.id}`);
    await admin.getByRole('heading', { name: 'Arviointi ja tulokset' }).waitFor();
    await admin.getByRole('button', { name: 'Julkaise tulokset' }).click();
    const pub = admin.getByRole('dialog');
    await pub.getByRole('heading', { name: 'Julkaistaanko tulokset?' }).waitFor();
    await expectAccessible(admin, 'publish results confirmation (fi)');
    await pub.getByRole('button', { name: 'Julkaise tulokset' }).click();
    await admin.getByText(/Tulokset julkaistu: 2 päätöstä/).waitFor();
    await admin.getByRole('link', { name: 'Katso tulokset' }).waitFor();
    await expectAccessible(admin, 'admin call page with evaluation (fi)');
    await screenshot(admin, 'evaluation-admin-call-fi-1440');
    await admin.context().close();

    // Anyone reads the results: selected first, with the answers.
    const visitor = await newPage('fi');
    await visitor.goto(`${e2e.base}/calls/${seed.call.slug}`);
    const link = visitor.getByRole('link', { name: 'Katso haun tulokset' });
    assert.equal(await link.getAttribute('href'), `/calls/${seed.call.slug}/results`);
    await visitor.goto(`${e2e.base}/calls/${seed.call.slug}/results`);
    await visitor.getByRole('heading', { level: 1, name: 'Tulokset' }).waitFor();
    const groups = visitor.locator('.results-group h2');
    // The decisions come in a request of their own, after the call that the heading needs.
    await groups.first().waitFor();
    assert.deepEqual(await groups.allTextContents(), ['Valitut (1)', 'Ei valitut (1)']);
    await visitor.getByText('Valittiin kokeiluun: selkeä hyöty kahdelle virastolle.').waitFor();
    await visitor.getByText('Hyvä ajatus, mutta ei toteutettavissa puolessa vuodessa.').waitFor();
    await expectAccessible(visitor, 'call results (fi)');
    await screenshot(visitor, 'results-fi-1440');
    await visitor.setViewportSize(PHONE);
    await noOverflow(visitor, 'results (375)');
    await screenshot(visitor, 'results-fi-375');
    await visitor.context().close();
    // In Swedish, the Swedish answer.
    const sv = await newPage('sv');
    await sv.goto(`${e2e.base}/calls/${seed.call.slug}/results`);
    await sv.getByRole('heading', { level: 1, name: 'Resultat' }).waitFor();
    await sv.getByText('Valdes för ett försök: tydlig nytta för två myndigheter.').waitFor();
    await sv.getByRole('heading', { name: 'Valda (1)', exact: true }).waitFor();
    await expectAccessible(sv, 'call results (sv)');
    await screenshot(sv, 'results-sv-1440');
    await sv.context().close();
  });

  test('a moderator merges a duplicate into another proposal of the call from the proposal page', async () => {
    const page = await newPage('fi');
    await login(page, seed.mod.user.email);
    await page.goto(`${e2e.base}/proposals/${seed.p4.id}`);
    await page.getByRole('button', { name: 'Yhdistä toiseen ehdotukseen' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByRole('heading', { name: `Yhdistä ehdotus nro ${seed.p4.number} toiseen ehdotukseen` }).waitFor();
    await dlg.getByRole('button', { name: 'Yhdistä ehdotukset' }).click();
    await dlg.getByText('Valitse ehdotus, johon tämä yhdistetään.').waitFor();
    await dlg.getByText('Kirjoita perustelu.').waitFor();
    await expectAccessible(page, 'merge dialog (fi)');
    await screenshot(page, 'merge-dialog-fi-1440');
    // The proposal itself is not offered.
    assert.equal(await dlg.getByLabel(/kaksoiskappale/).count(), 0);
    await dlg.getByLabel(`Nro ${seed.p3.number} Yhteinen palvelupiste virastoille`).check({ force: true });
    await dlg.getByLabel('Perustelu').fill('Sama ehdotus kahteen kertaan.');
    await dlg.getByRole('button', { name: 'Yhdistä ehdotukset' }).click();
    await page.getByText(`Ehdotus nro ${seed.p4.number} yhdistetty ehdotukseen nro ${seed.p3.number}.`, { exact: false }).waitFor();
    await page.locator('.tag--stage-merged').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Yhdistä toiseen ehdotukseen' }).count(), 0);
    await page.context().close();
    const merged = await e2e.api.call('GET', `/proposals/${seed.p4.id}`);
    assert.equal(merged.stage, 'merged');
  });

  test('an admin edits the criteria, shown on the call page, and assigns an evaluator', async () => {
    const call = await openCall('kriteerihaku', 'Kriteerihaku');
    const evaluator = await member('Eino Arvioija', ['evaluator']);
    const page = await newPage('fi');
    await login(page, ADMIN.email);
    await page.goto(`${e2e.base}/admin/calls/${call.id}`);
    await page.getByRole('heading', { name: 'Arviointikriteerit' }).waitFor();
    await page.getByRole('button', { name: 'Lisää kriteeri' }).click();
    const form = page.locator('.criteria-form');
    await form.getByLabel('Nimi suomeksi').fill('Hyöty kansalaisille');
    await form.getByLabel('Nimi ruotsiksi').fill('Nytta för medborgarna');
    await form.getByLabel('Kuvaus suomeksi').fill('Paraneeko asiointi?');
    await form.getByLabel('Painoarvo').fill('3');
    await page.getByRole('button', { name: 'Tallenna kriteerit' }).click();
    await page.getByText('Kriteerit tallennettu.').waitFor();
    // Assigning an evaluator.
    const search = page.getByRole('searchbox', { name: 'Hae käyttäjiä, joilla on arvioijan rooli' });
    await search.fill('Eino');
    await search.press('Enter');
    await page.getByRole('button', { name: 'Nimeä Eino Arvioija arvioijaksi' }).click();
    await page.getByText('Eino Arvioija on nyt haun arvioija.').waitFor();
    await page.getByRole('button', { name: 'Poista Eino Arvioija arvioijista' }).waitFor();
    await expectAccessible(page, 'admin criteria and evaluators (fi)');
    await screenshot(page, 'evaluation-admin-criteria-fi-1440');
    await page.setViewportSize(PHONE);
    await noOverflow(page, 'admin call page (375)');
    await page.context().close();
    const assigned = await e2e.api.call('GET', `/calls/${call.id}/evaluators`, undefined, seed.admin.access_token);
    assert.deepEqual(
      assigned.items.map((e) => e.user.id),
      [evaluator.user.id],
    );
    // The call page tells proposers how they will be judged, in their language.
    const sv = await newPage('sv', PHONE);
    await sv.goto(`${e2e.base}/calls/${call.slug}`);
    await sv.getByRole('heading', { name: 'Hur förslagen bedöms' }).waitFor();
    await sv.getByText('Nytta för medborgarna').waitFor();
    await sv.getByText('100 % av poängen').waitFor();
    await noOverflow(sv, 'call page with criteria (375)');
    await expectAccessible(sv, 'call page with criteria (sv, 375)');
    await screenshot(sv, 'call-criteria-sv-375');
    await sv.context().close();
  });
});
