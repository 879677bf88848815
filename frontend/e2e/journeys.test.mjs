// End-to-end journeys against the real server serving the built client: a visitor, a
// participant and an admin, with axe on every page visited and screenshots of the main pages
// in Finnish and Swedish, on a desktop and a phone. Run with `npm run e2e`.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, DESKTOP, PASSWORD, PHONE, e2eSuite, expectAccessible, iso, screenshot } from './support.mjs';

const e2e = e2eSuite({ consoleErrors: true, axeReport: true });
const { newPage, login } = e2e;
// What every test may read and none changes: the call, its first proposal with a thread, and
// their authors Alice and Bob. A test that changes something makes its own.
const seed = {};

/** A proposal of the author's in the seeded call, with Bob's comment: for a test to change. */
async function proposalWithComment(author, title) {
  const proposal = await e2e.api.call(
    'POST',
    `/calls/${seed.call.id}/proposals`,
    {
      title,
      summary: 'Kokeillaan yhteistä rekisteriä, jotta avustukset eivät mene päällekkäin.',
      challenge: 'Avustuksia myönnetään monesta paikasta, eikä kukaan näe kokonaisuutta.',
      idea: 'Kolme ministeriötä kokeilee yhteistä rekisteriä.',
      theme_id: seed.call.themes[0].id,
    },
    author.access_token,
  );
  const bob = await e2e.api.login('bob@om.fi');
  await e2e.api.call('POST', `/proposals/${proposal.id}/comments`, { body: 'Hyvä idea! OM on mukana.' }, bob.access_token);
  return proposal;
}

before(async () => {
  await e2e.start();
  const api = e2e.api;
  const admin = await api.login(ADMIN.email);
  const now = Date.now();
  const call = await api.call(
    'POST',
    '/calls',
    {
      slug: 'kokeilut-e2e',
      title: { fi: 'Kokeilut yli rajojen', sv: 'Försök över gränserna', en: 'Experiments across borders' },
      description: {
        fi: 'Etsimme kokeiluja, joissa kaksi virastoa tekee jotain yhdessä.\n\nHyvä kokeilu on pieni ja konkreettinen.',
        sv: 'Vi söker försök där två myndigheter gör något tillsammans.\n\nEtt bra försök är litet och konkret.',
      },
      opens_at: iso(now - 3600_000),
      submissions_close_at: iso(now + 7 * 86400_000),
      voting_closes_at: iso(now + 14 * 86400_000),
      themes: [
        { name: { fi: 'Digitaaliset palvelut', sv: 'Digitala tjänster' } },
        { name: { fi: 'Yhteiset hankinnat', sv: 'Gemensam upphandling' } },
      ],
    },
    admin.access_token,
  );
  await api.call('POST', `/calls/${call.id}/publish`, undefined, admin.access_token);
  seed.call = call;
  const alice = await api.register('alice@vm.fi', 'Alice Aaltonen');
  const bob = await api.register('bob@om.fi', 'Bob Berg', 'sv');
  seed.alice = alice;
  const proposal = await api.call(
    'POST',
    `/calls/${call.id}/proposals`,
    {
      title: 'Yhteinen avustusrekisteri ministeriöille',
      summary: 'Kokeillaan yhteistä rekisteriä, jotta avustukset eivät mene päällekkäin.',
      challenge: 'Avustuksia myönnetään **monesta paikasta**, eikä kukaan näe kokonaisuutta.',
      idea: 'Kolme ministeriötä kokeilee yhteistä rekisteriä:\n\n- yksi tietomalli\n- yksi hakupalvelu',
      theme_id: call.themes[0].id,
    },
    alice.access_token,
  );
  seed.proposal = proposal;
  const comment = await api.call('POST', `/proposals/${proposal.id}/comments`, { body: 'Hyvä idea! OM on mukana.' }, bob.access_token);
  await api.call(
    'POST',
    `/proposals/${proposal.id}/comments`,
    { body: 'Kiitos, otetaan yhteyttä.', parent_id: comment.id },
    alice.access_token,
  );
});

describe('visitor', () => {
  test('front page lists the current call with its phase and time left', async () => {
    const page = await newPage();
    await page.goto(e2e.base);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fi');
    const card = page.locator('.call-card', { hasText: 'Kokeilut yli rajojen' });
    await card.waitFor();
    assert.match(await card.innerText(), /Avoinna/);
    assert.match(await card.innerText(), /Ehdotusten jättö päättyy/);
    await expectAccessible(page, 'home (fi)');
    // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Siirry sisältöön');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test('call page keeps the random order seed in the URL, sorts and filters', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/calls/kokeilut-e2e`);
    await page.getByRole('heading', { level: 1, name: 'Kokeilut yli rajojen' }).waitFor();
    await page.waitForURL(/seed=\d+/);
    const seeded = page.url();
    await page.locator('.proposal-card').first().waitFor();
    // The call opened in the past: its timeline says so (issue 8 item 11).
    assert.match(await page.locator('.timeline').innerText(), /Avautui: \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}/);
    // Proposal numbers are written the Finnish way (issue 17): nro 22, not #22.
    assert.match(await page.locator('.proposal-card .proposal-number').first().innerText(), /^nro \d+$/);
    await expectAccessible(page, 'call (fi)');
    // Back and reload keep the order: the seed stays.
    await page.reload();
    await page.locator('.proposal-card').first().waitFor();
    assert.equal(page.url(), seeded);
    // Sort by most thumbs.
    await page.getByRole('button', { name: /Järjestys/ }).click();
    await page.getByRole('option', { name: 'Eniten peukkuja' }).click();
    await page.waitForURL(/sort=top/);
    // Text search that matches nothing, then clear.
    await page.getByRole('searchbox', { name: 'Hae ehdotuksista' }).fill('kvanttitietokone');
    await page.getByRole('searchbox', { name: 'Hae ehdotuksista' }).press('Enter');
    await page.waitForURL(/q=kvanttitietokone/);
    await page.getByText('Valintojasi vastaavia ehdotuksia ei löytynyt.').waitFor();
    await page.context().close();
  });

  test('proposal page shows the sanitised text, thumbs and the comment thread', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/proposals/${seed.proposal.id}`);
    await page.getByRole('heading', { level: 1, name: seed.proposal.title }).waitFor();
    assert.equal(await page.locator('.prose strong').first().innerText(), 'monesta paikasta');
    assert.equal(await page.locator('.prose li').count(), 2);
    await page.getByText('Hyvä idea! OM on mukana.').waitFor();
    await page.locator('.comment-replies').getByText('Kiitos, otetaan yhteyttä.').waitFor();
    // A visitor is told why there is no thumb button, by the server's reason.
    await page.locator('.proposal-actions').getByText('Osallistuminen vaatii kirjautumisen.').waitFor();
    assert.equal(await page.locator('.proposal-actions button[data-thumbed]').count(), 0);
    await expectAccessible(page, 'proposal (fi)');
    await page.context().close();
  });

  test('a missing page and a missing proposal say so; a failing server offers a retry', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/ei-tallaista-sivua`);
    await page.getByRole('heading', { level: 1, name: 'Sivua ei löytynyt' }).waitFor();
    await expectAccessible(page, 'not found (fi)');
    await page.goto(`${e2e.base}/proposals/01900000-0000-7000-8000-000000000000`);
    await page.getByRole('alert').getByText('Etsimääsi ei löytynyt.').waitFor();
    await expectAccessible(page, 'missing proposal (fi)');
    // The server fails (503, then no connection at all): a message and a retry button, never a blank page.
    let mode = 'down';
    await page.route('**/api/v1/calls', (route) =>
      mode === 'down'
        ? route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Service Unavailable',
              status: 503,
              detail: 'x',
              code: 'database_unavailable',
            }),
          })
        : mode === 'offline'
          ? route.abort('internetdisconnected')
          : route.continue(),
    );
    await page.goto(e2e.base);
    await page.getByText('Palvelu ei ole juuri nyt käytettävissä.', { exact: false }).waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'server down (fi)');
    mode = 'offline';
    await page.getByRole('button', { name: 'Yritä uudelleen' }).click();
    await page.getByText('Palveluun ei saatu yhteyttä.').waitFor({ timeout: 15_000 });
    mode = 'up';
    await page.getByRole('button', { name: 'Yritä uudelleen' }).click();
    await page.locator('.call-card', { hasText: 'Kokeilut yli rajojen' }).waitFor();
    await page.context().close();
  });

  test('the language switch changes texts and <html lang> and is remembered', async () => {
    const page = await newPage();
    await page.goto(e2e.base);
    await page.getByRole('button', { name: /Vaihda kieli/ }).click();
    await page.getByRole('menuitem', { name: /På svenska/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Idéer och försök över förvaltningsgränserna' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Idéer och försök över förvaltningsgränserna' }).waitFor();
    await page.locator('.call-card', { hasText: 'Försök över gränserna' }).waitFor();
    await expectAccessible(page, 'home (sv)');
    await page.context().close();
  });
});

describe('participant', () => {
  test('registers, submits a proposal after fixing a 422, thumbs and comments', async () => {
    const theirs = await proposalWithComment(await e2e.api.login('alice@vm.fi'), 'Yhteinen avustusrekisteri virastoille');
    const page = await newPage();
    await page.goto(`${e2e.base}/register`);
    await expectAccessible(page, 'register (fi)');
    await page.locator('#register-name').fill('Carita Carlsson');
    await page.locator('#register-email').fill('carita@tem.fi');
    await page.locator('#register-password').fill(PASSWORD);
    await page.locator('#register-accept-legal').check({ force: true });
    await page.locator('form button[type=submit]').click();
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();
    // A new account confirms its address before it takes part: the link comes by email.
    await page.locator('.unverified-banner').waitFor();
    await e2e.openVerificationLink(page, 'carita@tem.fi');

    await page.goto(`${e2e.base}/calls/kokeilut-e2e`);
    await page.getByRole('link', { name: 'Jätä ehdotus' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uusi ehdotus' }).waitFor();
    await page.locator('#proposal-title').fill('Ab');
    await page.locator('#proposal-summary').fill('Yhteinen kalenteri kaikille virastoille.');
    await page.locator('#proposal-challenge').fill('Kokouksia on vaikea sopia yli rajojen.');
    await page.locator('#proposal-idea').fill('Kokeillaan jaettua kalenteria puoli vuotta.');
    await page.getByRole('button', { name: 'Lähetä ehdotus' }).click();
    // The server's 422 shows next to the title, and what was typed stays.
    await page.locator('.error-summary').waitFor();
    const titleError = page.locator('#proposal-title-statusText');
    await titleError.waitFor();
    // The limits when the server sends them (issue 8 item 4), else the generic length text.
    assert.match(await titleError.innerText(), /Kirjoita 5–140 merkkiä|Tekstin pituus ei kelpaa/);
    assert.equal(await page.locator('#proposal-summary').inputValue(), 'Yhteinen kalenteri kaikille virastoille.');
    await expectAccessible(page, 'new proposal with errors (fi)');
    await screenshot(page, 'new-proposal-422-fi-1440');
    await page.locator('#proposal-title').fill('Yhteinen kalenteri virastoille');
    await page.getByRole('button', { name: 'Lähetä ehdotus' }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 1, name: 'Yhteinen kalenteri virastoille' }).waitFor();
    // Own proposal: no thumb button, the server's reason instead; edit and withdraw offered.
    await page.getByText('Omaa ehdotusta ei voi peukuttaa.').waitFor();
    await expectAccessible(page, 'own proposal (fi)');
    // Edit it while the call is open.
    await page.getByRole('link', { name: 'Muokkaa ehdotusta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Muokkaa ehdotusta' }).waitFor();
    assert.equal(await page.locator('#proposal-title').inputValue(), 'Yhteinen kalenteri virastoille');
    await expectAccessible(page, 'edit proposal (fi)');
    await page.locator('#proposal-title').fill('Yhteinen kalenteri kaikille virastoille');
    await page.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByRole('heading', { level: 1, name: 'Yhteinen kalenteri kaikille virastoille' }).waitFor();
    const ownUrl = page.url();
    // The withdraw dialog traps focus and gives it back when cancelled.
    const withdraw = page.getByRole('button', { name: 'Vedä ehdotus pois' });
    await withdraw.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')), true);
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')), true, 'Tab left the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Vedä ehdotus pois');

    // Thumb up someone else's proposal: optimistic, then confirmed by the server.
    await page.goto(`${e2e.base}/proposals/${theirs.id}`);
    const thumb = page.locator('.proposal-actions button[data-thumbed]');
    await thumb.waitFor();
    assert.equal(await thumb.getAttribute('data-thumbed'), 'false');
    await thumb.click();
    await page.locator('.proposal-actions button[data-thumbed="true"]').waitFor();
    await page.locator('.proposal-actions .thumbs__count', { hasText: '1 peukku' }).waitFor();
    await page.reload();
    await page.locator('.proposal-actions button[data-thumbed="true"]').waitFor();

    // Comment, then edit it.
    await page.locator('#new-comment').fill('Tästä voisi tulla hyvä kokeilu.');
    await page.getByRole('button', { name: 'Lähetä' }).first().click();
    const mine = page.locator('.comment', { hasText: 'Tästä voisi tulla hyvä kokeilu.' });
    await mine.waitFor();
    await expectAccessible(page, 'proposal signed in (fi)');
    await screenshot(page, 'proposal-signed-in-fi-1440');
    await mine.getByRole('button', { name: 'Muokkaa' }).click();
    await page.locator('[id^="edit-"]').fill('Tästä voisi tulla erinomainen kokeilu.');
    await page.getByRole('button', { name: 'Tallenna' }).click();
    await page.locator('.comment', { hasText: 'erinomainen' }).getByText('muokattu').waitFor();

    // Reply to Bob's comment, then delete the reply: a tombstone stays.
    const bobs = page.locator('.comment-thread', { hasText: 'Hyvä idea! OM on mukana.' });
    await bobs.getByRole('button', { name: 'Vastaa' }).click();
    await page.getByLabel('Vastaa käyttäjälle Bob Berg').fill('Samaa mieltä.');
    await bobs.getByRole('button', { name: 'Lähetä' }).click();
    const reply = bobs.locator('.comment-replies .comment', { hasText: 'Samaa mieltä.' });
    await reply.waitFor();
    await reply.getByRole('button', { name: 'Poista' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Poista' }).click();
    await bobs.getByText('Kommentti on poistettu.').waitFor();

    // Withdraw the own proposal: the edit and withdraw buttons go away.
    await page.goto(ownUrl);
    await page.getByRole('button', { name: 'Vedä ehdotus pois' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Vedä ehdotus pois' }).click();
    await page.locator('.tag', { hasText: 'Vedetty pois' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Muokkaa ehdotusta' }).count(), 0);

    await page.goto(`${e2e.base}/my/proposals`);
    await page.getByRole('link', { name: 'Yhteinen kalenteri kaikille virastoille' }).waitFor();
    await expectAccessible(page, 'my proposals (fi)');
    await screenshot(page, 'my-proposals-fi-1440');
    assert.deepEqual(
      page.jsErrors.filter((e) => !/status of 4\d\d/.test(e)),
      [],
    );
    await page.context().close();
  });

  test('the author sees the new comment as an unread notification', async () => {
    const author = await e2e.api.user('Aino Aaltonen');
    const proposal = await proposalWithComment(author, 'Yhteinen kirjaamo virastoille');
    const carita = await e2e.api.user('Carita Carlsson');
    await e2e.api.call('POST', `/proposals/${proposal.id}/comments`, { body: 'Tästä voisi tulla hyvä kokeilu.' }, carita.access_token);
    const page = await newPage();
    await page.goto(`${e2e.base}/login`);
    await page.locator('#login-email').waitFor();
    await expectAccessible(page, 'login (fi)');
    await login(page, author.user.email, { open: false });
    const badge = page.locator('.nav .badge');
    await badge.waitFor();
    assert.ok(Number(await badge.innerText()) >= 2);
    await page.getByRole('link', { name: /Ilmoitukset/ }).click();
    await page
      .getByText(/Carita Carlsson kommentoi ehdotustasi/)
      .first()
      .waitFor();
    await expectAccessible(page, 'notifications (fi)');
    await screenshot(page, 'notifications-fi-1440');
    await page.getByRole('button', { name: 'Merkitse kaikki luetuiksi' }).click();
    await page.getByText('0 lukematonta ilmoitusta').waitFor();
    await page.locator('.nav .badge').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Profiili' }).click();
    await page.locator('#profile-name').waitFor();
    await expectAccessible(page, 'profile (fi)');
    // Switching the language while signed in saves it to the profile too.
    await page.getByRole('button', { name: /Vaihda kieli/ }).click();
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/me');
    await page.getByRole('menuitem', { name: /På svenska/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Profil' }).waitFor();
    assert.equal((await patched).status(), 200);
    const saved = (await e2e.api.call('GET', '/me', undefined, (await e2e.api.login(author.user.email)).access_token)).language;
    assert.equal(saved, 'sv');
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('link', { name: 'Logga in' }).waitFor();
    await page.context().close();
  });
});

describe('admin', () => {
  test('creates a call in Helsinki time and publishes it; grants a role', async () => {
    const page = await newPage();
    const bodil = await e2e.api.user('Bodil Borg');
    await login(page, ADMIN.email);
    await page.getByRole('link', { name: 'Ylläpito' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hakujen hallinta' }).waitFor();
    await expectAccessible(page, 'admin calls (fi)');
    await page.getByRole('link', { name: 'Uusi haku' }).click();
    await page.locator('#call-slug').waitFor();
    await page.locator('#call-slug').fill('kevat-2027');
    await page.locator('#call-title-fi').fill('Kevään 2027 haku');
    await page.locator('#call-title-sv').fill('Vårens utlysning 2027');
    await page.locator('#call-description-fi').fill('Uusi haku keväälle.');
    await page.locator('#call-opens_at').fill('2027-03-01T09:00');
    await page.locator('#call-submissions_close_at').fill('2027-03-28T12:00');
    await page.locator('#call-voting_closes_at').fill('2027-04-15T16:00');
    await page.getByRole('button', { name: 'Lisää teema' }).click();
    await page.locator('#theme-0-fi').fill('Kokeilukulttuuri');
    await expectAccessible(page, 'admin new call (fi)');
    await screenshot(page, 'admin-new-call-fi-1440');
    await page.getByRole('button', { name: 'Luo haku' }).click();
    await page.waitForURL(/\/admin\/calls\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 1, name: 'Kevään 2027 haku' }).waitFor();
    const id = page.url().split('/').pop();
    // Helsinki wall-clock times went to the API as UTC: +2 h in winter, +3 h in summer.
    const admin = await e2e.api.login(ADMIN.email);
    const created = await e2e.api.call('GET', `/calls/${id}`, undefined, admin.access_token);
    assert.equal(created.phase, 'draft');
    assert.equal(new Date(created.opens_at).toISOString(), '2027-03-01T07:00:00.000Z');
    assert.equal(new Date(created.submissions_close_at).toISOString(), '2027-03-28T09:00:00.000Z');
    assert.equal(new Date(created.voting_closes_at).toISOString(), '2027-04-15T13:00:00.000Z');
    assert.equal(created.themes.length, 1);
    await expectAccessible(page, 'admin edit call (fi)');
    // Publish through the confirmation dialog.
    const publish = page.getByRole('button', { name: 'Julkaise haku' });
    await publish.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectAccessible(page, 'admin publish dialog (fi)');
    await dialog.getByRole('button', { name: 'Julkaise haku' }).click();
    await page.getByText('Haku on julkaistu.').waitFor();
    const published = await e2e.api.call('GET', `/calls/${id}`);
    assert.equal(published.phase, 'upcoming');

    // Users: find Bodil and make her a moderator.
    await page.getByRole('link', { name: 'Käyttäjät' }).click();
    await page.getByRole('heading', { level: 1, name: 'Käyttäjät' }).waitFor();
    await page.getByRole('searchbox', { name: 'Hae nimellä tai sähköpostiosoitteella' }).fill('bodil');
    await page.getByRole('searchbox', { name: 'Hae nimellä tai sähköpostiosoitteella' }).press('Enter');
    await page.getByRole('button', { name: `Muokkaa käyttäjää ${bodil.user.display_name}` }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'admin user dialog (fi)');
    await page.getByRole('dialog').getByText('Moderaattori').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Tallenna' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Moderaattori' }).waitFor();
    await expectAccessible(page, 'admin users (fi)');
    await screenshot(page, 'admin-users-fi-1440');
    await page.context().close();
  });
});

describe('screenshots', () => {
  const pages = () => [
    ['home', '/'],
    ['call', '/calls/kokeilut-e2e'],
    ['proposal', `/proposals/${seed.proposal.id}`],
    ['register', '/register'],
  ];
  for (const lang of ['fi', 'sv']) {
    for (const [device, viewport] of [
      ['1440', DESKTOP],
      ['375', PHONE],
    ]) {
      test(`main pages in ${lang} at ${device} px`, async () => {
        const page = await newPage(lang, viewport);
        for (const [name, path] of pages()) {
          await page.goto(`${e2e.base}${path}`);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page.waitForLoadState('networkidle');
          // Nothing wider than the screen (no sideways scrolling on a phone).
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${name} (${lang}, ${device}) is ${overflow}px wider than the viewport`);
          await expectAccessible(page, `${name} (${lang}, ${device})`);
          await screenshot(page, `${name}-${lang}-${device}`);
        }
        await page.context().close();
      });
    }
  }
});
