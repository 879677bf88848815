// Journeys of issue 11 (moderation, appeals, personal data): a report that hides a proposal at
// the call's threshold and a moderator who restores it with a reason, a pre-moderated call
// from submission to approval, an appeal decided by a second moderator (not the one who
// acted), a comment hidden with a public note, and a user who downloads their data and
// deletes their account. Run with `npm run e2e`; axe runs on every screen, and screenshots at
// 1440 and 375 px land in test-results/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { ADMIN, PASSWORD, PHONE, e2eSuite, expectAccessible, iso, screenshot, noOverflow } from './support.mjs';

const e2e = e2eSuite({ axeReport: false, consoleErrors: false });
const { newPage, login } = e2e;
const seed = {};

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A published call that is open now; `pre` for pre-moderation; a report threshold of 2. */
async function openCall(slug, title, { pre = false } = {}) {
  const { api } = e2e;
  const now = Date.now();
  const call = await api.call(
    'POST',
    '/calls',
    {
      slug,
      title: { fi: title, sv: `${title} (sv)`, en: `${title} (en)` },
      description: { fi: 'Kokeiluja hallinnonalojen rajojen yli.' },
      opens_at: iso(now - HOUR),
      submissions_close_at: iso(now + 7 * DAY),
      voting_closes_at: iso(now + 14 * DAY),
      moderation_mode: pre ? 'pre' : 'post',
      report_threshold: 2,
      themes: [],
    },
    seed.admin.access_token,
  );
  await api.call('POST', `/calls/${call.id}/publish`, undefined, seed.admin.access_token);
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

/** A new user with the given roles (besides participant). */
async function member(name, roles = []) {
  const u = await e2e.api.user(name);
  if (roles.length > 0) await e2e.api.call('PATCH', `/users/${u.user.id}`, { roles }, seed.admin.access_token);
  return u;
}

before(async () => {
  await e2e.start();
  seed.admin = await e2e.api.login(ADMIN.email);
  seed.post = await openCall('jalkimoderoitu-haku', 'Jälkimoderoitu haku');
  seed.pre = await openCall('ennakkomoderoitu-haku', 'Ennakkomoderoitu haku', { pre: true });
  seed.mod1 = await member('Mona Moderaattori', ['moderator']);
  seed.mod2 = await member('Matti Moderaattori', ['moderator']);
});

describe('reports and moderation', () => {
  test('two reports hide a proposal; a moderator restores it with a reason; the author is told', async () => {
    const { api } = e2e;
    const author = await member('Aino Ehdottaja');
    const r1 = await member('Rauno Ilmoittaja');
    const r2 = await member('Riikka Ilmoittaja');
    const p = await proposal(seed.post, author.access_token, 'Yhteinen asiakaspalvelu kahdelle virastolle');
    await api.call('POST', `/proposals/${p.id}/reports`, { reason: 'spam', note: 'Mainostaa yritystä.' }, r1.access_token);

    // The second reporter reports it in the browser: the dialog, then the tombstone.
    const page = await newPage('fi');
    await login(page, r2.user.email);
    await page.goto(`${e2e.base}/proposals/${p.id}`);
    await page.getByRole('button', { name: 'Ilmoita asiaton sisältö' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Ilmoita asiattomasta sisällöstä' }).waitFor();
    // Sending without a reason says what is missing.
    await dialog.getByRole('button', { name: 'Lähetä ilmoitus' }).click();
    await dialog.getByText('Valitse syy.').waitFor();
    await expectAccessible(page, 'report dialog (fi)');
    await screenshot(page, 'moderation-report-dialog-fi-1440');
    await dialog.getByLabel('Roskapostia tai mainontaa').check({ force: true });
    await dialog.getByLabel(/Lisätietoja/).fill('Sama mainos kuin toisessa ehdotuksessa.');
    await dialog.getByRole('button', { name: 'Lähetä ilmoitus' }).click();
    await page.getByText('Kiitos! Ilmoituksesi on lähetetty moderaattoreille.').waitFor();
    // The threshold (2) is reached: hidden at once; this reader sees only the tombstone.
    await page.getByText('Piilotettu moderoinnin vuoksi: roskaposti tai mainonta').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ilmoita asiaton sisältö' }).count(), 0);
    assert.equal(await page.getByText('Yksi yhteinen palvelupiste').count(), 0);
    await expectAccessible(page, 'hidden proposal, tombstone (fi)');
    await screenshot(page, 'moderation-tombstone-proposal-fi-1440');
    await page.context().close();

    // The call's list shows the tombstone in the card too.
    const visitor = await newPage('fi', PHONE);
    await visitor.goto(`${e2e.base}/calls/${seed.post.slug}`);
    await visitor.locator('.proposal-card').first().waitFor();
    await visitor.getByText('Piilotettu moderoinnin vuoksi: roskaposti tai mainonta').first().waitFor();
    await noOverflow(visitor, 'call with a hidden proposal (375)');
    await screenshot(visitor, 'moderation-tombstone-card-fi-375');
    await visitor.context().close();

    // The moderator finds it in the queue with its reasons and notes, and restores it.
    const mod = await newPage('fi');
    await login(mod, seed.mod1.user.email);
    await mod.getByRole('link', { name: 'Moderointi' }).click();
    await mod.getByRole('heading', { level: 1, name: 'Moderointijono' }).waitFor();
    const card = mod.locator('.queue-item', { hasText: 'Yhteinen asiakaspalvelu kahdelle virastolle' });
    await card.waitFor();
    await card.getByText('2 ilmoitusta').waitFor();
    await card.getByText('Mainostaa yritystä.').waitFor();
    await card.getByText(/Rauno Ilmoittaja/).waitFor();
    await expectAccessible(mod, 'moderation queue (fi)');
    await screenshot(mod, 'moderation-queue-fi-1440');
    await card.getByRole('button', { name: 'Palauta näkyviin' }).click();
    const dlg = mod.getByRole('dialog');
    await dlg.getByRole('heading', { name: 'Palautetaanko sisältö näkyviin?' }).waitFor();
    await dlg.getByRole('button', { name: 'Palauta näkyviin' }).click();
    await dlg.getByText('Kirjoita perustelu.').waitFor();
    await expectAccessible(mod, 'restore dialog (fi)');
    await dlg.getByLabel(/Perustelu/).fill('Ehdotus ei ole mainos: se kuvaa kahden viraston yhteistä palvelua.');
    await dlg.getByRole('button', { name: 'Palauta näkyviin' }).click();
    await mod.getByText('Sisältö näkyy taas.').waitFor();
    await card.waitFor({ state: 'detached' });
    // The log records the automatic hide and the restore, with the reason.
    await mod.getByRole('link', { name: 'Moderointiloki' }).click();
    await mod.getByRole('heading', { level: 1, name: 'Moderointiloki' }).waitFor();
    const restore = mod.locator('.log-entry', { hasText: 'Ehdotus ei ole mainos' });
    await restore.getByText('Palautettu näkyviin').waitFor();
    await mod.locator('.log-entry', { hasText: 'Piilotettu automaattisesti ilmoitusten perusteella' }).first().waitFor();
    await expectAccessible(mod, 'moderation log (fi)');
    await screenshot(mod, 'moderation-log-fi-1440');
    // Filtered by this proposal and by the action (the address keeps the filters).
    await mod.goto(`${e2e.base}/moderation/log?target_id=${p.id}&action=restore`);
    await mod.locator('.log-entry').first().waitFor();
    assert.equal(await mod.locator('.log-entry').count(), 1);
    await mod.setViewportSize(PHONE);
    await mod
      .waitForFunction(() => window.innerWidth === 375 && document.documentElement.scrollWidth <= 375, undefined, { timeout: 5000 })
      .catch(() => undefined);
    await noOverflow(mod, 'moderation log (375)');
    await expectAccessible(mod, 'moderation log, filtered (fi, 375)');
    await screenshot(mod, 'moderation-log-fi-375');
    await mod.context().close();

    // The author hears of both, with the reason.
    const a = await newPage('fi');
    await login(a, author.user.email);
    await a.goto(`${e2e.base}/notifications`);
    await a.getByText(/Ehdotuksesi nro \d+ ”Yhteinen asiakaspalvelu kahdelle virastolle” näkyy taas/).waitFor();
    await a.getByText('Perustelu: Ehdotus ei ole mainos: se kuvaa kahden viraston yhteistä palvelua.').waitFor();
    await a.getByText(/piilotettiin: roskaposti tai mainonta/).waitFor();
    await a.getByText(/piilotettiin automaattisesti/).waitFor();
    await expectAccessible(a, 'notifications with moderation (fi)');
    await screenshot(a, 'moderation-notifications-fi-1440');
    // The proposal is back for everyone, with its history.
    await a.goto(`${e2e.base}/proposals/${p.id}`);
    await a.getByRole('heading', { name: 'Moderointihistoria' }).waitFor();
    await a.getByText('Palautettu näkyviin').waitFor();
    await a.getByText('Yksi yhteinen palvelupiste').waitFor();
    await a.context().close();
  });

  test('a report already made elsewhere is explained; own content has no report button', async () => {
    const { api } = e2e;
    const author = await member('Anni Kirjoittaja');
    const reader = await member('Reijo Lukija');
    const p = await proposal(seed.post, author.access_token, 'Yhteinen tilannekuva valmiussuunnitteluun');
    const page = await newPage('fi');
    await login(page, reader.user.email);
    await page.goto(`${e2e.base}/proposals/${p.id}`);
    await page.getByRole('button', { name: 'Ilmoita asiaton sisältö' }).click();
    // Meanwhile the same reader reports it in another tab.
    await api.call('POST', `/proposals/${p.id}/reports`, { reason: 'other' }, reader.access_token);
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Muu syy').check({ force: true });
    await dialog.getByRole('button', { name: 'Lähetä ilmoitus' }).click();
    await dialog.getByText('Olet jo ilmoittanut tästä sisällöstä. Moderaattorit tarkistavat sen.').waitFor();
    await page.context().close();

    const own = await newPage('fi');
    await login(own, author.user.email);
    await own.goto(`${e2e.base}/proposals/${p.id}`);
    await own.getByRole('heading', { level: 1, name: 'Yhteinen tilannekuva valmiussuunnitteluun' }).waitFor();
    assert.equal(await own.getByRole('button', { name: 'Ilmoita asiaton sisältö' }).count(), 0);
    // A participant has no moderation in the menu, and the section says why.
    assert.equal(await own.getByRole('link', { name: 'Moderointi' }).count(), 0);
    await own.goto(`${e2e.base}/moderation`);
    await own.getByText('Sinulla ei ole oikeutta tähän.').waitFor();
    await own.context().close();
  });

  test('a moderator hides a reported comment with a public note; others see a tombstone, its author the content', async () => {
    const { api } = e2e;
    const author = await member('Kalle Kommentoija');
    const other = await member('Olga Ehdottaja');
    const reporter = await member('Raili Ilmoittaja');
    const p = await proposal(seed.post, other.access_token, 'Yhteiset koulutukset kaikille virastoille');
    const c = await api.call('POST', `/proposals/${p.id}/comments`, { body: 'Soita minulle numeroon 040 123 4567.' }, author.access_token);
    // Reported in the browser from the comment's own button.
    const r = await newPage('fi', PHONE);
    await login(r, reporter.user.email);
    await r.goto(`${e2e.base}/proposals/${p.id}`);
    // By keyboard: the dialog opens at the first reason, arrows choose, Tab reaches the note
    // and the send button; afterwards the keyboard is back in the comment.
    await r.getByRole('button', { name: 'Ilmoita asiaton kommentti' }).focus();
    await r.keyboard.press('Enter');
    const dialog = r.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Ilmoita asiattomasta sisällöstä' }).waitFor();
    assert.equal(await r.evaluate(() => document.activeElement?.getAttribute('value')), 'spam');
    await r.keyboard.press('ArrowDown');
    await r.keyboard.press('ArrowDown');
    assert.equal(await dialog.getByLabel('Sisältää henkilötietoja').isChecked(), true);
    // The design system's radios are each a tab stop: on to the note.
    for (let i = 0; i < 6 && (await r.evaluate(() => document.activeElement?.tagName)) !== 'TEXTAREA'; i += 1) {
      await r.keyboard.press('Tab');
    }
    await r.keyboard.type('Puhelinnumero näkyy kaikille.');
    assert.equal(await dialog.getByLabel('Sisältää henkilötietoja').isChecked(), true);
    await expectAccessible(r, 'report dialog on a phone (fi, 375)');
    await screenshot(r, 'moderation-report-dialog-fi-375');
    // Past the note (and the dialog's scrollable content, which takes focus too) to the button.
    for (let i = 0; i < 3 && (await r.evaluate(() => document.activeElement?.textContent)) !== 'Lähetä ilmoitus'; i += 1) {
      await r.keyboard.press('Tab');
    }
    assert.equal(await r.evaluate(() => document.activeElement?.textContent), 'Lähetä ilmoitus');
    await r.keyboard.press('Enter');
    await r.getByText('Kiitos! Ilmoituksesi on lähetetty moderaattoreille.').waitFor();
    // Focus is back in the comment (on its report button, or on the comment if the button went).
    await r.waitForFunction((id) => !!document.activeElement?.closest(`#comment-${id}`), c.id);
    await r.context().close();

    const mod = await newPage('fi', PHONE);
    await login(mod, seed.mod1.user.email);
    await mod.goto(`${e2e.base}/moderation`);
    const card = mod.locator('.queue-item', { hasText: 'Soita minulle numeroon' });
    await card.waitFor();
    await noOverflow(mod, 'moderation queue (375)');
    await expectAccessible(mod, 'moderation queue (fi, 375)');
    await screenshot(mod, 'moderation-queue-fi-375');
    await card.getByRole('button', { name: 'Piilota' }).click();
    const dlg = mod.getByRole('dialog');
    await dlg.getByLabel(/^Perustelu/).fill('Kommentissa on puhelinnumero. Älä julkaise henkilötietoja.');
    await dlg.getByLabel(/Julkinen huomautus/).fill('Kommentista poistettiin henkilötietoja.');
    await expectAccessible(mod, 'hide dialog (fi, 375)');
    await screenshot(mod, 'moderation-hide-dialog-fi-375');
    await dlg.getByRole('button', { name: 'Piilota' }).click();
    await mod.getByText('Sisältö on piilotettu.').waitFor();
    await mod.context().close();

    const visitor = await newPage('sv');
    await visitor.goto(`${e2e.base}/proposals/${p.id}`);
    const tombstone = visitor.locator('.comment', { hasText: 'Dolt genom moderering: personuppgifter' });
    await tombstone.getByText('Moderatorns kommentar: Kommentista poistettiin henkilötietoja.').waitFor();
    assert.equal(await visitor.getByText('040 123 4567').count(), 0);
    await expectAccessible(visitor, 'hidden comment (sv)');
    await screenshot(visitor, 'moderation-tombstone-comment-sv-1440');
    await visitor.context().close();

    const own = await newPage('fi');
    await login(own, author.user.email);
    await own.goto(`${e2e.base}/proposals/${p.id}#comment-${c.id}`);
    await own.getByText('Soita minulle numeroon 040 123 4567.').waitFor();
    await own.getByText('Muut eivät näe sisältöä. Sinä näet sen, koska olet sen kirjoittaja tai moderaattori.').waitFor();
    await own.context().close();
  });
});

describe('pre-moderation and appeals', () => {
  test('a pre-moderated proposal waits for approval and shows in the call once approved', async () => {
    const author = await member('Pekka Ehdottaja');
    const p = await proposal(seed.pre, author.access_token, 'Yhteinen rekrytointipalvelu virastoille');

    const a = await newPage('fi', PHONE);
    await login(a, author.user.email);
    await a.goto(`${e2e.base}/my/proposals`);
    const mine = a.locator('.proposal-card', { hasText: 'Yhteinen rekrytointipalvelu virastoille' });
    await mine.getByText('Odottaa tarkistusta').waitFor();
    await screenshot(a, 'moderation-pending-mine-fi-375');
    await a.goto(`${e2e.base}/proposals/${p.id}`);
    await a.getByText('Muut näkevät ehdotuksen, kun se on tarkistettu ja hyväksytty.').waitFor();
    await expectAccessible(a, 'pending proposal, its author (fi, 375)');
    await noOverflow(a, 'pending proposal (375)');
    await screenshot(a, 'moderation-pending-proposal-fi-375');

    const visitor = await newPage('fi');
    await visitor.goto(`${e2e.base}/calls/${seed.pre.slug}`);
    await visitor.getByRole('heading', { level: 1 }).waitFor();
    await visitor.waitForLoadState('networkidle');
    assert.equal(await visitor.getByText('Yhteinen rekrytointipalvelu virastoille').count(), 0);

    const mod = await newPage('fi');
    await login(mod, seed.mod2.user.email);
    await mod.goto(`${e2e.base}/moderation`);
    const card = mod.locator('.queue-item', { hasText: 'Yhteinen rekrytointipalvelu virastoille' });
    await card.getByText('Odottaa hyväksyntää').waitFor();
    await card.getByRole('button', { name: 'Hyväksy' }).click();
    const dlg = mod.getByRole('dialog');
    await dlg.getByLabel(/Perustelu/).fill('Ehdotus sopii haun aiheeseen.');
    await dlg.getByRole('button', { name: 'Hyväksy' }).click();
    await mod.getByText('Ehdotus on hyväksytty.').waitFor();
    await mod.context().close();

    await visitor.reload();
    await visitor.getByText('Yhteinen rekrytointipalvelu virastoille').waitFor();
    await visitor.context().close();
    await a.goto(`${e2e.base}/notifications`);
    await a.getByText(/Ehdotuksesi nro \d+ ”Yhteinen rekrytointipalvelu virastoille” hyväksyttiin/).waitFor();
    await a.context().close();
  });

  test('a rejected author appeals; the moderator who rejected cannot decide; a second moderator overturns', async () => {
    const { api } = e2e;
    const author = await member('Liisa Valittaja');
    const p = await proposal(seed.pre, author.access_token, 'Yhteinen käännöspalvelu ministeriöille');
    await api.call(
      'POST',
      '/moderation/actions',
      { target: { kind: 'proposal', id: p.id }, action: 'reject', reason: 'Ehdotus ei liity tämän haun aiheeseen.', category: 'off_topic' },
      seed.mod1.access_token,
    );

    const a = await newPage('fi');
    await login(a, author.user.email);
    await a.goto(`${e2e.base}/proposals/${p.id}`);
    await a.getByText('Moderaattori hylkäsi ehdotuksen: ei liity aiheeseen').waitFor();
    await a.getByText('Perustelu: Ehdotus ei liity tämän haun aiheeseen.').first().waitFor();
    await a.getByRole('button', { name: 'Valita päätöksestä' }).click();
    await a.getByRole('button', { name: 'Lähetä valitus' }).click();
    await a.getByText('Kirjoita perustelu.').waitFor();
    await a.getByLabel(/Perustele, miksi päätös pitäisi muuttaa/).fill('Käännöspalvelu on juuri hallinnonalojen rajat ylittävä kokeilu.');
    await expectAccessible(a, 'appeal form (fi)');
    await screenshot(a, 'moderation-appeal-form-fi-1440');
    await a.getByRole('button', { name: 'Lähetä valitus' }).click();
    await a.getByText('Valituksesi on lähetetty. Saat ilmoituksen, kun se on ratkaistu.').waitFor();
    await a.getByText('Valitus odottaa ratkaisua.').waitFor();
    assert.equal(await a.getByRole('button', { name: 'Valita päätöksestä' }).count(), 0);
    await screenshot(a, 'moderation-appeal-sent-fi-1440');

    // The moderator who rejected it sees the appeal first in the queue, without the buttons.
    const m1 = await newPage('fi');
    await login(m1, seed.mod1.user.email);
    await m1.goto(`${e2e.base}/moderation`);
    const first = m1.locator('.queue-item').first();
    await first.getByText('Valitus', { exact: true }).waitFor();
    await first.getByText('Käännöspalvelu on juuri hallinnonalojen rajat ylittävä kokeilu.').waitFor();
    await first.getByText('Teit tämän päätöksen itse, joten valituksen ratkaisee toinen moderaattori.').waitFor();
    assert.equal(await first.getByRole('button', { name: 'Kumoa päätös' }).count(), 0);
    await expectAccessible(m1, 'queue with an own appeal (fi)');
    await screenshot(m1, 'moderation-queue-own-appeal-fi-1440');
    await m1.context().close();
    // And the server refuses it (403), should the buttons be forged.
    const queue = await api.call('GET', '/moderation/queue', undefined, seed.mod1.access_token);
    const appeal = queue.items.find((i) => i.kind === 'appeal' && i.target.id === p.id).appeal;
    const res = await fetch(`${e2e.base}/api/v1/moderation/appeals/${appeal.id}/decision`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${seed.mod1.access_token}` },
      body: JSON.stringify({ outcome: 'overturned', reason: 'Oma päätös.' }),
    });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, 'own_moderation_action');

    const m2 = await newPage('sv');
    await login(m2, seed.mod2.user.email);
    await m2.goto(`${e2e.base}/moderation`);
    const item = m2.locator('.queue-item', { hasText: 'Käännöspalvelu on juuri' });
    await item.getByRole('button', { name: 'Upphäv beslutet' }).click();
    const dlg = m2.getByRole('dialog');
    await dlg.getByLabel(/Motivering/).fill('Förslaget hör till utlysningen: det gäller flera förvaltningsområden.');
    await expectAccessible(m2, 'appeal decision dialog (sv)');
    await screenshot(m2, 'moderation-decide-dialog-sv-1440');
    await dlg.getByRole('button', { name: 'Upphäv beslutet' }).click();
    await m2.getByText('Beslutet har upphävts. Den klagande får ett meddelande.').waitFor();
    await m2.context().close();

    await a.goto(`${e2e.base}/notifications`);
    await a.getByText(/Valitukseesi on tehty päätös/).waitFor();
    await a.getByText('Valitus hyväksyttiin: päätös kumottiin.').waitFor();
    await a.goto(`${e2e.base}/calls/${seed.pre.slug}`);
    await a.getByText('Yhteinen käännöspalvelu ministeriöille').waitFor();
    await a.context().close();
  });
});

describe('personal data', () => {
  test('a user downloads their data and deletes their account; their proposal stays by a deleted user', async () => {
    const { api } = e2e;
    const u = await member('Elina Poistuja');
    const p = await proposal(seed.post, u.access_token, 'Yhteinen avoimen datan portaali');
    await api.call('POST', `/proposals/${p.id}/comments`, { body: 'Lisään tähän vielä yhden ajatuksen.' }, u.access_token);

    const page = await newPage('fi');
    await login(page, u.user.email);
    await page.goto(`${e2e.base}/profile`);
    await page.getByRole('heading', { name: 'Tietosi' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lataa tietoni' }).click()]);
    assert.match(download.suggestedFilename(), /^siilo-.*\.json$/);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(data.profile.email, u.user.email);
    assert.equal(data.proposals.length, 1);
    assert.equal(data.proposals[0].title, 'Yhteinen avoimen datan portaali');
    assert.equal(data.comments.length, 1);
    await page.getByText(/Tietosi on ladattu tiedostoon siilo-/).waitFor();
    await expectAccessible(page, 'profile with personal data (fi)');
    await screenshot(page, 'profile-personal-data-fi-1440');

    await page.getByRole('button', { name: 'Poista tunnukseni' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Poistetaanko tunnuksesi?' }).waitFor();
    await dialog.getByLabel('Salasana').fill('väärä-salasana-123');
    await dialog.getByRole('button', { name: 'Poista tunnus' }).click();
    await dialog.getByText('Salasana on väärä.').waitFor();
    await expectAccessible(page, 'delete account dialog, wrong password (fi)');
    await screenshot(page, 'profile-delete-dialog-fi-1440');
    await dialog.getByLabel('Salasana').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Poista tunnus' }).click();
    await page.getByText('Tunnuksesi on poistettu, ja sinut on kirjattu ulos. Kiitos, että olit mukana.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Kirjaudu sisään' }).waitFor();
    // The front page works for the visitor they now are: no error about a lost sign-in.
    await page.getByRole('heading', { level: 1, name: 'Ideoita ja kokeiluja yli hallinnon rajojen' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('alert').count(), 0);
    await screenshot(page, 'profile-deleted-fi-1440');

    await page.goto(`${e2e.base}/proposals/${p.id}`);
    await page.getByText('Ehdottaja: Poistettu käyttäjä', { exact: false }).waitFor();
    await page.locator('.comment__author', { hasText: 'Poistettu käyttäjä' }).waitFor();
    await page.context().close();
    // The old credentials no longer sign in.
    const res = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: u.user.email, password: PASSWORD }),
    });
    assert.equal(res.status, 401);
  });

  test('the only admin is told why the account cannot be deleted (375 px)', async () => {
    const page = await newPage('fi', PHONE);
    await login(page, ADMIN.email);
    await page.goto(`${e2e.base}/profile`);
    await page.getByRole('button', { name: 'Poista tunnukseni' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Salasana').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Poista tunnus' }).click();
    await dialog.getByText(/Olet palvelun ainoa ylläpitäjä/).waitFor();
    await expectAccessible(page, 'delete dialog, last admin (fi, 375)');
    await noOverflow(page, 'profile (375)');
    await screenshot(page, 'profile-last-admin-fi-375');
    await dialog.getByRole('button', { name: 'Peruuta' }).click();
    await page.getByRole('button', { name: 'Poista tunnukseni' }).waitFor();
    await page.context().close();
  });
});
