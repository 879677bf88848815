// Journeys of issue 12 (evaluation and pilots): the whole path of a call, from two evaluators
// reviewing blind through the ranking, decisions and published results to a pilot created in
// the browser, its team's update and lessons and a follower's notifications; the pilots
// showcase with its filters and "show more"; a call's statistics with charts and their tables.
// The steps whose screens are the evaluation feature's (reviews, ranking, decisions, results)
// go through the API here; everything on the pilots' and statistics' screens goes through the
// browser. axe runs on every screen; screenshots at 1440 and 375 px land in test-results/.
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

/** A new user with the given roles (besides participant). */
async function member(name, roles = []) {
  const u = await e2e.api.user(name);
  if (roles.length > 0) await api('PATCH', `/users/${u.user.id}`, { roles });
  return u;
}

/** A published call that is open now, with a theme. */
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
    themes: [{ name: { fi: 'Digitaaliset palvelut', sv: 'Digitala tjänster', en: 'Digital services' } }],
  });
  await api('POST', `/calls/${call.id}/publish`);
  return call;
}

async function propose(call, author, title, organisation_ids = []) {
  return api(
    'POST',
    `/calls/${call.id}/proposals`,
    {
      title,
      summary: 'Kokeillaan yhteistä palvelua kahden viraston kesken puolen vuoden ajan.',
      challenge: 'Asiakkaat asioivat kahdessa paikassa saman asian vuoksi.',
      idea: 'Yksi yhteinen palvelupiste ja yhteinen tietojärjestelmä.',
      organisation_ids,
      theme_id: call.themes[0]?.id ?? null,
    },
    author.access_token,
  );
}

/** Closes submissions and voting: the call is in review from now on. */
async function toReview(call) {
  const now = Date.now();
  await api('PATCH', `/calls/${call.id}`, {
    opens_at: iso(now - 3 * HOUR),
    submissions_close_at: iso(now - 2 * HOUR),
    voting_closes_at: iso(now - HOUR),
  });
}

const CRITERIA = [
  {
    name: { fi: 'Hallinnonrajat ylittävä', sv: 'Över förvaltningsgränserna', en: 'Cross-administrative' },
    description: { fi: 'Montako hallinnonalaa on mukana.' },
    weight: 2,
  },
  {
    name: { fi: 'Toteutettavuus', sv: 'Genomförbarhet', en: 'Feasibility' },
    description: { fi: 'Onnistuuko kuudessa kuukaudessa.' },
    weight: 1,
  },
];

/** An evaluator's review of a proposal: a draft with every score, then submitted. */
async function review(evaluator, proposal, criteria, scores, recommendation) {
  await api(
    'PUT',
    `/proposals/${proposal.id}/reviews/mine`,
    { scores: criteria.map((c, i) => ({ criterion_id: c.id, score: scores[i] })), recommendation, note: 'Oma muistiinpano.' },
    evaluator.access_token,
  );
  return api('POST', `/proposals/${proposal.id}/reviews/mine/submit`, undefined, evaluator.access_token);
}

/** A call taken through decisions to published results; `selected` are chosen. */
async function publishedCall(slug, title, authors, { selected, notSelected = [] }) {
  const call = await openCall(slug, title);
  const proposals = [];
  for (const [i, a] of authors.entries()) proposals.push(await propose(call, a, `${title}: ehdotus ${i + 1}`, seed.orgIds.slice(i, i + 2)));
  await toReview(call);
  for (const i of selected)
    await api('PUT', `/proposals/${proposals[i].id}/decision`, { stage: 'selected', answer: { fi: 'Valittu kokeiluun.' } });
  for (const i of notSelected) await api('PUT', `/proposals/${proposals[i].id}/decision`, { stage: 'not_selected' });
  await api('POST', `/calls/${call.id}/results`);
  return { call, proposals };
}

/** A pilot made through the API, for the showcase. */
function pilotBody(proposalIds, title, { status = 'running', owner, partners = [], startsOn = '2027-01-15', endsOn = null, team = [] }) {
  return {
    proposal_ids: proposalIds,
    title,
    goal: 'Kokeillaan **yhteistä** palvelupistettä.',
    language: 'fi',
    owner_organisation_id: owner,
    partner_organisation_ids: partners,
    contact_name: 'Kalle Kokeilija',
    contact_email: 'kalle.kokeilija@example.fi',
    starts_on: startsOn,
    ...(endsOn ? { ends_on: endsOn } : {}),
    status,
    team_user_ids: team,
  };
}

/** Chooses an option of a suomifi Dropdown by the dropdown's id. */
async function choose(page, id, option) {
  await page.locator(`#${id}`).click();
  await page.getByRole('option', { name: option }).click();
}

before(async () => {
  await e2e.start();
  seed.admin = await e2e.api.login(ADMIN.email);
  const orgs = (await e2e.api.call('GET', '/organisations')).items;
  seed.orgs = Object.fromEntries(orgs.map((o) => [o.code, o]));
  seed.orgIds = orgs.map((o) => o.id);
});

describe('the whole path of issue 12', () => {
  test('two evaluators review blind, results are published, a pilot is made, its update and lessons reach a follower', async () => {
    const aino = await member('Aino Ehdottaja');
    const bert = await member('Bertil Förslagsställare', []);
    const follower = await member('Fiia Seuraaja');
    const teamMember = await member('Tiina Tiimiläinen');
    const e1 = await member('Eeva Arvioija', ['evaluator']);
    const e2 = await member('Erkki Arvioija', ['evaluator']);

    // A call with two proposals; both authors' organisations differ (cross-administrative).
    const call = await openCall('siilonmurtajat-e2e', 'Siilonmurtajat E2E');
    const p1 = await propose(call, aino, 'Yhteinen asiakaspalvelupiste kahdelle virastolle', [seed.orgs.VM.id, seed.orgs.OM.id]);
    const p2 = await propose(call, bert, 'Lomakkeiden yhteinen tietopohja', [seed.orgs.SM.id]);
    await api('PUT', `/proposals/${p1.id}/thumb`, undefined, follower.access_token);

    // Criteria and two evaluators; submissions and voting close.
    const { items: criteria } = await api('PUT', `/calls/${call.id}/criteria`, { criteria: CRITERIA });
    assert.equal(criteria.length, 2);
    for (const e of [e1, e2]) await api('PUT', `/calls/${call.id}/evaluators/${e.user.id}`);
    await toReview(call);

    // Blind: the first evaluator submits; the second sees no one's scores before submitting theirs.
    await review(e1, p1, criteria, [5, 4], 'shortlist');
    await review(e1, p2, criteria, [2, 3], 'reject');
    const blind = await api('GET', `/proposals/${p1.id}/reviews`, undefined, e2.access_token);
    assert.equal(blind.others.length, 0, 'an evaluator sees no other scores before submitting');
    assert.equal(blind.others_hidden, true);
    await review(e2, p1, criteria, [4, 4], 'shortlist');
    const revealed = await api('GET', `/proposals/${p1.id}/reviews`, undefined, e2.access_token);
    assert.equal(revealed.others.length, 1, 'after submitting, the other review shows');
    // A participant never sees reviews.
    await assert.rejects(api('GET', `/proposals/${p1.id}/reviews`, undefined, aino.access_token), /403/);

    // Ranking: the best-scored proposal first, both reviews counted.
    const ranking = await api('GET', `/calls/${call.id}/ranking`);
    assert.equal(ranking.items[0].proposal.id, p1.id);
    assert.equal(ranking.items[0].review_count, 2);

    // Decisions stay invisible to participants until the results are published at once.
    await api('PUT', `/proposals/${p1.id}/decision`, {
      stage: 'selected',
      answer: { fi: 'Valittu kokeiluun.', sv: 'Valt för ett försök.', en: 'Selected for a pilot.' },
    });
    await api('PUT', `/proposals/${p2.id}/decision`, { stage: 'not_selected', answer: { fi: 'Ei tällä kertaa.' } });
    const hidden = await api('GET', `/calls/${call.id}/decisions`, undefined, aino.access_token);
    assert.equal(hidden.published, false);
    assert.equal(hidden.items.length, 0);
    const published = await api('POST', `/calls/${call.id}/results`);
    assert.equal(published.decisions, 2);

    // The author is told of the outcome, in the browser.
    const author = await newPage('fi');
    await login(author, aino.user.email);
    await author.goto(`${e2e.base}/notifications`);
    // With the stage when the notification carries it (`data.stage`), else the general text.
    await author.getByRole('link', { name: new RegExp(`tulokset on julkaistu: .*nro ${p1.number} ”${p1.title}”`, 'i') }).waitFor();
    await expectAccessible(author, 'notifications with a decision (fi)');

    // The admin makes the pilot in the browser, from the pilots page.
    const adm = await newPage('fi');
    await login(adm, ADMIN.email);
    await adm.getByRole('link', { name: 'Kokeilut' }).click();
    await adm.getByRole('heading', { level: 1, name: 'Kokeilut' }).waitFor();
    await adm.getByRole('button', { name: 'Uusi kokeilu' }).click();
    const dlg = adm.getByRole('dialog');
    await dlg.getByRole('heading', { name: 'Uusi kokeilu' }).waitFor();
    await choose(adm, 'pilot-call', 'Siilonmurtajat E2E');
    await dlg.locator(`#pilot-proposal-${p1.number}`).waitFor();
    // Only selected proposals are offered.
    assert.equal(await dlg.locator(`#pilot-proposal-${p2.number}`).count(), 0);
    // Creating without the required fields says what is missing.
    await dlg.getByRole('button', { name: 'Luo kokeilu' }).click();
    await dlg.getByText('Valitse vähintään yksi ehdotus.').waitFor();
    await expectAccessible(adm, 'create-pilot dialog with errors (fi)');
    await dlg.locator(`#pilot-proposal-${p1.number}`).check({ force: true });
    const title = 'Yhteinen palvelupiste VM:n ja OM:n asiakkaille';
    await dlg.locator('#pilot-title').fill(title);
    await dlg
      .locator('#pilot-goal')
      .fill('Kokeillaan **yhteistä** palvelupistettä puolen vuoden ajan.\n\n- Yksi luukku\n- Yksi tietojärjestelmä');
    await choose(adm, 'pilot-owner_organisation_id', /Valtiovarainministeriö \(VM\)/);
    await dlg.locator('label[for="pilot-partner-OM"]').click();
    await dlg.locator('#pilot-contact_name').fill('Kalle Kokeilija');
    await dlg.locator('#pilot-contact_email').fill('kalle.kokeilija@example.fi');
    await dlg.locator('#pilot-starts_on').fill('1.2.2027');
    await dlg.locator('#pilot-ends_on').fill('31.7.2027');
    await choose(adm, 'pilot-status', 'Käynnissä');
    await dlg.locator('#pilot-team-search').fill('Tiina Tiimi');
    await dlg.getByRole('button', { name: 'Lisää Tiina Tiimiläinen' }).click();
    await dlg.getByRole('button', { name: 'Poista Tiina Tiimiläinen tiimistä' }).waitFor();
    await screenshot(adm, 'pilots-create-dialog-fi-1440');
    await expectAccessible(adm, 'create-pilot dialog (fi)');
    await dlg.getByRole('button', { name: 'Luo kokeilu' }).click();
    await adm.getByRole('heading', { level: 1, name: title }).waitFor();
    await adm.getByText('Kokeilu luotu. Ehdottajille ilmoitettiin.').waitFor();
    const pilotUrl = adm.url();
    const pilotId = pilotUrl.split('/pilots/')[1];
    // The pilot page: source proposal with its credited author, organisations, contact, dates.
    await adm.getByRole('link', { name: `Ehdotus nro ${p1.number} ”${p1.title}”` }).waitFor();
    await adm.getByText('Aino Ehdottaja').first().waitFor();
    await adm.getByText('Valtiovarainministeriö (VM)').waitFor();
    await adm.getByText('Oikeusministeriö (OM)').waitFor();
    await adm.getByRole('link', { name: 'kalle.kokeilija@example.fi' }).waitFor();
    await adm.getByText('1.2.2027–31.7.2027').first().waitFor();
    await expectAccessible(adm, 'pilot page, admin (fi)');
    await adm.context().close();

    // The author is told, the link leads to the pilot, and the proposal links to it too.
    await author.goto(`${e2e.base}/notifications`);
    await author.getByRole('link', { name: `Ehdotuksestasi tehtiin kokeilu ”${title}”` }).click();
    await author.getByRole('heading', { level: 1, name: title }).waitFor();
    await author.goto(`${e2e.base}/proposals/${p1.id}`);
    await author.getByText('Ehdotuksesta tehtiin kokeilu:').waitFor();
    await author.getByRole('link', { name: title }).click();
    await author.waitForURL(pilotUrl);
    await author.context().close();

    // A signed-in reader follows it.
    const fan = await newPage('fi');
    await login(fan, follower.user.email);
    await fan.goto(pilotUrl);
    await fan.getByRole('button', { name: 'Seuraa kokeilua' }).click();
    await fan.getByRole('button', { name: 'Lopeta seuraaminen' }).waitFor();
    await fan.getByText('Seuraat nyt kokeilua.').waitFor();

    // The team posts an update and the lessons, through their forms.
    const team = await newPage('fi');
    await login(team, teamMember.user.email);
    await team.goto(pilotUrl);
    await team.getByRole('heading', { name: 'Tiimin työkalut' }).waitFor();
    await team.getByRole('button', { name: 'Julkaise päivitys' }).click();
    await team.locator('#update-title').and(team.locator('[aria-invalid=true]')).waitFor();
    await team.locator('#update-happened_on').fill('15.2.2027');
    await team.locator('#update-title').fill('Palvelupiste avattiin');
    await team.locator('#update-body').fill('Ensimmäisellä viikolla palvelussa asioi **120** asiakasta.');
    await team.getByRole('button', { name: 'Julkaise päivitys' }).click();
    await team.getByText('Päivitys julkaistu. Kokeilun seuraajille ilmoitettiin.').waitFor();
    const entry = team.locator('.pilot-timeline__item', { hasText: 'Palvelupiste avattiin' });
    await entry.getByText('15.2.2027').waitFor();
    assert.equal(await entry.locator('strong').innerText(), '120');
    await team.locator('#lessons-worked').fill('Asiakkaat löysivät yhteisen palvelupisteen helposti.');
    await team.locator('#lessons-not_worked').fill('Tietojärjestelmien yhdistäminen vei arvioitua kauemmin.');
    await team.locator('#lessons-recommendations').fill('Sopikaa tietojen jakamisesta ennen aloitusta.');
    await team.getByRole('button', { name: 'Julkaise opit' }).click();
    await team.getByText('Opit julkaistu. Kokeilun seuraajille ilmoitettiin.').waitFor();
    const lessons = team.locator('.pilot-lessons');
    await lessons.getByRole('heading', { name: 'Mikä toimi' }).waitFor();
    await lessons.getByText('Asiakkaat löysivät yhteisen palvelupisteen helposti.').waitFor();
    await lessons.getByText('Sopikaa tietojen jakamisesta ennen aloitusta.').waitFor();
    await expectAccessible(team, 'pilot page, team (fi)');
    await screenshot(team, 'pilots-pilot-team-fi-1440');
    // The team moves it on: status and dates.
    await team.getByRole('button', { name: 'Muuta tilaa tai aikataulua' }).click();
    await choose(team, 'pilot-edit-status', 'Arvioitavana');
    await team.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await team.getByText('Kokeilun tiedot tallennettu.').waitFor();
    await team.locator('.pilot-head').getByText('Arvioitavana').waitFor();
    await team.context().close();

    // The follower is notified of both and the link leads to the pilot.
    await fan.goto(`${e2e.base}/notifications`);
    await fan.getByRole('link', { name: `Seuraamasi kokeilu ”${title}” kertoi edistymisestään` }).waitFor();
    await fan.getByRole('link', { name: `Seuraamasi kokeilu ”${title}” julkaisi oppinsa` }).click();
    await fan.getByRole('heading', { level: 1, name: title }).waitFor();
    await fan.getByRole('heading', { name: 'Opit' }).waitFor();
    await fan.setViewportSize(PHONE);
    await fan.waitForFunction(() => window.innerWidth === 375).catch(() => undefined);
    await noOverflow(fan, 'pilot page (375)');
    await expectAccessible(fan, 'pilot page, follower (fi, 375)');
    await screenshot(fan, 'pilots-pilot-fi-375');
    await fan.context().close();

    // A visitor reads it in Swedish: the timeline and lessons, and a prompt to sign in to follow.
    const sv = await newPage('sv');
    await sv.goto(`${e2e.base}/pilots/${pilotId}`);
    await sv.getByRole('heading', { level: 1, name: title }).waitFor();
    await sv.getByRole('heading', { name: 'Lärdomar' }).waitFor();
    await sv.getByRole('link', { name: 'Logga in för att följa försöket' }).waitFor();
    await expectAccessible(sv, 'pilot page, visitor (sv)');
    await screenshot(sv, 'pilots-pilot-sv-1440');
    await sv.context().close();
  });
});

describe('the pilots showcase', () => {
  test('filters by status, organisation, call and year, and shows more', async () => {
    const authors = [await member('Sanni Showcase'), await member('Samu Showcase')];
    const { call, proposals } = await publishedCall('showcase-e2e', 'Näyteikkuna E2E', authors, { selected: [0, 1] });
    const vm = seed.orgs.VM.id;
    const om = seed.orgs.OM.id;
    for (let i = 0; i < 12; i += 1) {
      await api(
        'POST',
        '/pilots',
        pilotBody([proposals[i % 2].id], `Näyteikkunan kokeilu ${i + 1}`, { owner: vm, startsOn: `2027-0${(i % 9) + 1}-01` }),
      );
    }
    await api(
      'POST',
      '/pilots',
      pilotBody([proposals[0].id], 'Päättynyt kokeilu', {
        status: 'completed',
        owner: om,
        partners: [vm],
        startsOn: '2026-03-01',
        endsOn: '2026-09-30',
      }),
    );

    const page = await newPage('fi');
    await page.goto(`${e2e.base}/pilots?call=${call.id}`);
    await page.getByText('13 kokeilua').waitFor();
    assert.equal(await page.locator('.pilot-card').count(), 12);
    await expectAccessible(page, 'pilots showcase (fi)');
    await screenshot(page, 'pilots-showcase-fi-1440');
    // Show more: the 13th, with focus on it.
    await page.getByRole('button', { name: 'Näytä lisää kokeiluja' }).click();
    await page.locator('.pilot-card').nth(12).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Päättynyt kokeilu');
    // Status.
    await choose(page, 'pilot-filter-status', 'Päättynyt');
    await page.waitForURL(/status=completed/);
    await page.getByText('1 kokeilu', { exact: true }).waitFor();
    await page.locator('.pilot-card', { hasText: 'Päättynyt kokeilu' }).waitFor();
    // Year: the completed one started in 2026; none of those started in 2027 is completed.
    await choose(page, 'pilot-filter-year', '2027');
    await page.getByText('Hakuehtoja vastaavia kokeiluja ei ole.').waitFor();
    await choose(page, 'pilot-filter-status', 'Kaikki tilat');
    await page.getByText('12 kokeilua').waitFor();
    // Organisation: OM owns one; VM owns twelve and is a partner in the thirteenth.
    await choose(page, 'pilot-filter-year', 'Kaikki vuodet');
    await choose(page, 'pilot-filter-organisation', /Oikeusministeriö \(OM\)/);
    await page.waitForURL(/organisation=/);
    await page.getByText('1 kokeilu', { exact: true }).waitFor();
    // Call: the filters stay in the address, so reload keeps them.
    await page.reload();
    await page.getByText('1 kokeilu', { exact: true }).waitFor();
    await page.context().close();

    // On a phone, in Swedish.
    const phone = await newPage('sv', PHONE);
    await phone.goto(`${e2e.base}/pilots?call=${call.id}`);
    await phone.getByText('13 försök').waitFor();
    await noOverflow(phone, 'pilots showcase (375)');
    await expectAccessible(phone, 'pilots showcase (sv, 375)');
    await screenshot(phone, 'pilots-showcase-sv-375');
    await phone.context().close();
  });
});

describe('call statistics', () => {
  test('shows the key figures, and every chart has its table', async () => {
    const authors = [await member('Tilda Tilasto'), await member('Toivo Tilasto'), await member('Tuuli Tilasto')];
    const call = await openCall('tilastot-e2e', 'Tilastot E2E');
    // Two proposals involve two organisations each, one only its author's (none here).
    await propose(call, authors[0], 'Ensimmäinen tilastoehdotus', [seed.orgs.VM.id, seed.orgs.OM.id]);
    const p2 = await propose(call, authors[1], 'Toinen tilastoehdotus', [seed.orgs.SM.id, seed.orgs.OM.id]);
    await propose(call, authors[2], 'Kolmas tilastoehdotus');
    await api('PUT', `/proposals/${p2.id}/thumb`, undefined, authors[0].access_token);
    const stats = await api('GET', `/calls/${call.id}/stats`, undefined, undefined);
    assert.equal(stats.proposals, 3);

    const page = await newPage('fi');
    await page.goto(`${e2e.base}/calls/${call.slug}`);
    await page.getByRole('link', { name: 'Haun tilastot' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tilastot' }).waitFor();
    const main = page.locator('.key-figure--main');
    await main.getByText('Hallinnonrajat ylittävien ehdotusten osuus').waitFor();
    await main.getByText(`${stats.cross_administrative.proposals} ehdotus`, { exact: false }).waitFor();
    // The charts load (in a chunk of their own) and are hidden from screen readers, whose
    // tables carry the same numbers.
    await page.locator('.recharts-wrapper').first().waitFor();
    // A breakdown with no rows says so instead of drawing an empty chart.
    // The reach chart always has its three rows (one branch, two, three or more).
    const breakdowns = [stats.per_day, stats.per_theme, stats.per_organisation, stats.per_branch];
    const drawn = breakdowns.filter((rows) => rows.length > 0).length + 1;
    assert.ok(drawn >= 4);
    assert.equal(await page.locator('.chart-figure__chart[aria-hidden=true]').count(), drawn);
    assert.equal(await page.getByRole('table').count(), drawn);
    assert.equal(await page.getByText('Ei vielä tietoja.').count(), breakdowns.length + 1 - drawn);
    const perDay = page.getByRole('table', { name: 'Päivittäin' });
    const rows = perDay.locator('tbody tr');
    assert.equal(await rows.count(), stats.per_day.length);
    const total = stats.per_day.reduce((n, d) => n + d.proposals, 0);
    assert.equal(total, 3);
    // Sighted readers can show a table too.
    const shown = () => perDay.evaluate((t) => t.parentElement?.className);
    assert.equal(await shown(), 'visually-hidden');
    await page.getByRole('button', { name: 'Näytä taulukkona' }).first().click();
    await page.waitForFunction(() => document.querySelector('.chart-figure .table-scroll') !== null);
    assert.equal(await shown(), 'table-scroll');
    await page.getByRole('button', { name: 'Piilota taulukko' }).waitFor();
    await expectAccessible(page, 'call statistics (fi)');
    await screenshot(page, 'stats-fi-1440');
    await page.context().close();

    const phone = await newPage('sv', PHONE);
    await phone.goto(`${e2e.base}/calls/${call.slug}/stats`);
    await phone.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    await phone.locator('.recharts-wrapper').first().waitFor();
    await noOverflow(phone, 'statistics (375)');
    await expectAccessible(phone, 'call statistics (sv, 375)');
    await screenshot(phone, 'stats-sv-375');
    await phone.context().close();
  });
});
