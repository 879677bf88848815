// Issue 8, product defects 1, 2, 3, 5, 6, 10, 13, 14 and 16, in the browser against the real
// server: each journey failed before its fix. Axe runs on every changed screen, and the changed
// screens are photographed at 1440 and 375 px. Run with `npm run e2e`.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, DESKTOP, HOUR, PASSWORD, PHONE, e2eSuite, expectAccessible, iso, screenshot } from './support.mjs';

const e2e = e2eSuite();
const { newPage, login } = e2e;
// What every test may read and none changes: the calls, Alice's proposals with their comments,
// Bob. A test that changes something makes its own.
const seed = {};

/** Both widths: no sideways scrolling, axe clean, a screenshot each. */
async function photograph(page, name) {
  for (const [device, viewport] of [
    ['1440', DESKTOP],
    ['375', PHONE],
  ]) {
    await page.setViewportSize(viewport);
    // Components that measure the window settle after a resize event; a phone never resizes.
    await page
      .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 3000 })
      .catch(() => undefined);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} at ${device} px is ${overflow}px wider than the screen`);
    await expectAccessible(page, `${name} (${device})`);
    await screenshot(page, `${name}-${device}`);
  }
  await page.setViewportSize(DESKTOP);
}

async function newCall(admin, slug, description, publish = true) {
  const now = Date.now();
  const call = await e2e.api.call(
    'POST',
    '/calls',
    {
      slug,
      title: { fi: `Haku ${slug}` },
      description: { fi: description },
      opens_at: iso(now - HOUR),
      submissions_close_at: iso(now + 7 * 24 * HOUR),
      voting_closes_at: iso(now + 14 * 24 * HOUR),
    },
    admin.access_token,
  );
  if (publish) await e2e.api.call('POST', `/calls/${call.id}/publish`, undefined, admin.access_token);
  return call;
}

async function propose(call, author, title) {
  return e2e.api.call(
    'POST',
    `/calls/${call.id}/proposals`,
    { title, summary: 'Lyhyt tiivistelmä kokeilusta.', challenge: 'Haaste on tämä.', idea: 'Idea on tämä.' },
    author.access_token,
  );
}

before(async () => {
  await e2e.start();
  const api = e2e.api;
  const admin = await api.login(ADMIN.email);
  seed.admin = admin;
  seed.markdown = await newCall(
    admin,
    'markdown-haku',
    'Etsimme **rajat ylittäviä** kokeiluja.\n\nHyvä kokeilu on:\n\n- pieni\n- konkreettinen\n\n<script>window.pwned = 1</script>',
  );
  seed.empty = await newCall(admin, 'tyhja-haku', 'Haku ilman ehdotuksia.');
  seed.closed = await newCall(admin, 'paattynyt-haku', 'Tämä haku on jo arvioitavana.');
  seed.alice = await api.register('alice@vm.fi', 'Alice Aaltonen');
  seed.bob = await api.register('bob@om.fi', 'Bob Berg');
  seed.proposal = await propose(seed.markdown, seed.alice, 'Yhteinen kalenteri virastoille');
  seed.closedProposal = await propose(seed.closed, seed.alice, 'Suljetun haun ehdotus');
  const top = await api.call('POST', `/proposals/${seed.proposal.id}/comments`, { body: 'Hyvä idea!' }, seed.bob.access_token);
  await api.call('POST', `/proposals/${seed.proposal.id}/comments`, { body: 'Kiitos!', parent_id: top.id }, seed.alice.access_token);
  await api.call('POST', `/proposals/${seed.proposal.id}/comments`, { body: 'Toinen ketju.' }, seed.bob.access_token);
  // The closed call moves to review: its window is over.
  const now = Date.now();
  await api.call(
    'PATCH',
    `/calls/${seed.closed.id}`,
    { opens_at: iso(now - 72 * HOUR), submissions_close_at: iso(now - 48 * HOUR), voting_closes_at: iso(now - 24 * HOUR) },
    admin.access_token,
  );
});

describe('issue 8, part A', () => {
  test('1: a call description is Markdown, rendered safely on the call page and as plain text on the card', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/calls/markdown-haku`);
    await page.getByRole('heading', { level: 1, name: 'Haku markdown-haku' }).waitFor();
    const description = page.locator('.call-description');
    assert.equal(await description.locator('strong').innerText(), 'rajat ylittäviä');
    assert.equal(await description.locator('li').count(), 2);
    assert.doesNotMatch(await description.innerText(), /\*\*/);
    assert.equal(await page.evaluate(() => window.pwned), undefined, 'the script never ran');
    await photograph(page, 'a-call-markdown');
    await page.goto(e2e.base);
    const card = page.locator('.call-card', { hasText: 'Haku markdown-haku' });
    await card.waitFor();
    const text = await card.locator('.card__text').innerText();
    assert.equal(text, 'Etsimme rajat ylittäviä kokeiluja.');
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test('2: "Log in" in the sign-in note brings the visitor back to the proposal', async () => {
    const page = await newPage();
    const url = `${e2e.base}/proposals/${seed.proposal.id}`;
    await page.goto(url);
    await page.locator('.proposal-actions .refusal-note').getByRole('link', { name: 'Kirjaudu sisään' }).click();
    await page.locator('#login-email').waitFor();
    await login(page, 'bob@om.fi', { open: false });
    await page.waitForURL(url);
    await page.getByRole('heading', { level: 1, name: 'Yhteinen kalenteri virastoille' }).waitFor();
    await page.context().close();
  });

  test('3: a closed call tells visitors it takes nothing now, never to log in', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/calls/paattynyt-haku`);
    await page.getByRole('heading', { level: 1, name: 'Haku paattynyt-haku' }).waitFor();
    await page.locator('.side-box').getByText('Haku on päättynyt.', { exact: false }).waitFor();
    assert.equal(await page.locator('main .refusal-note a[href="/login"]').count(), 0, 'no log-in link on a closed call');
    assert.doesNotMatch(await page.locator('main').innerText(), /Osallistuminen vaatii kirjautumisen/);
    await photograph(page, 'a-call-closed');
    await page.goto(`${e2e.base}/proposals/${seed.closedProposal.id}`);
    await page.locator('.proposal-actions').getByText('Tässä haussa ei voi nyt peukuttaa.').waitFor();
    await page.locator('.comments').getByText('Tässä haussa ei voi nyt kommentoida.').waitFor();
    assert.equal(await page.locator('main .refusal-note a[href="/login"]').count(), 0);
    await expectAccessible(page, 'closed call proposal');
    await page.context().close();
  });

  test('5: the new-call form shows every error at once', async () => {
    const page = await newPage();
    await login(page, ADMIN.email);
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();
    await page.goto(`${e2e.base}/admin/calls/new`);
    await page.locator('#call-slug').waitFor();
    await page.getByRole('button', { name: 'Luo haku' }).click();
    await page.locator('#call-slug-statusText').getByText('Täytä tämä kenttä.').waitFor();
    await page.locator('#call-title-fi-statusText').getByText('Täytä tämä kenttä.').waitFor();
    await page.locator('#call-description-fi-statusText').getByText('Täytä tämä kenttä.').waitFor();
    assert.equal(await page.locator('.native-field__error').count(), 3, 'the three times too, in the same round');
    await photograph(page, 'a-admin-new-call-errors');
    await page.context().close();
  });

  test('6: the comment heading counts what the card counts: comments and replies', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/calls/markdown-haku`);
    const card = page.locator('.proposal-card', { hasText: 'Yhteinen kalenteri virastoille' });
    await card.locator('.comment-count', { hasText: '3 kommenttia' }).waitFor();
    await page.goto(`${e2e.base}/proposals/${seed.proposal.id}`);
    await page.getByRole('heading', { level: 2, name: 'Kommentit (3)' }).waitFor();
    await page.context().close();
  });

  test('10: error boxes are titled by the error', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/login`);
    await page.locator('#login-email').fill('alice@vm.fi');
    await page.locator('#login-password').fill('vaara-salasana-123');
    await page.locator('form button[type=submit]').click();
    const alert = page.getByRole('alert');
    await alert.getByText('Kirjautuminen ei onnistunut').waitFor();
    assert.doesNotMatch(await alert.innerText(), /Jokin meni vikaan/);
    await photograph(page, 'a-login-wrong-password');
    await page.goto(`${e2e.base}/proposals/01900000-0000-7000-8000-000000000000`);
    await page.getByRole('alert').getByText('Ei löytynyt', { exact: true }).waitFor();
    await page.context().close();
  });

  test('13 and 14: actions are confirmed in a live region; the thumb button names its state', async () => {
    // Someone else's proposal to thumb and comment on, its own so that no other test counts it.
    const theirs = await propose(seed.markdown, await e2e.api.user('Eero Esimerkki'), 'Yhteinen tulostuspalvelu virastoille');
    const page = await newPage();
    const status = page.locator('.status-region [role=status]');
    await page.goto(`${e2e.base}/register`);
    await page.locator('#register-name').fill('Carita Carlsson');
    await page.locator('#register-email').fill('carita@tem.fi');
    await page.locator('#register-password').fill(PASSWORD);
    await page.locator('#register-accept-legal').check({ force: true });
    await page.locator('form button[type=submit]').click();
    await status.getByText('Tunnuksesi on luotu. Vahvista vielä sähköpostiosoitteesi: lähetimme sinulle linkin.').waitFor();
    await photograph(page, 'a-status-registered');
    await e2e.openVerificationLink(page, 'carita@tem.fi');

    // Submit a proposal, then edit it.
    await page.goto(`${e2e.base}/calls/markdown-haku/proposals/new`);
    await page.locator('#proposal-title').fill('Jaettu kokoustila virastoille');
    await page.locator('#proposal-summary').fill('Kokeillaan yhteisiä kokoustiloja.');
    await page.locator('#proposal-challenge').fill('Tilat ovat vajaakäytössä.');
    await page.locator('#proposal-idea').fill('Varausjärjestelmä yhteiseksi.');
    await page.getByRole('button', { name: 'Lähetä ehdotus' }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]+$/);
    await status.getByText('Ehdotuksesi on lähetetty. Kiitos!').waitFor();
    await page.getByRole('link', { name: 'Muokkaa ehdotusta' }).click();
    await page.locator('#proposal-title').fill('Jaettu kokoustila kaikille virastoille');
    await page.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jaettu kokoustila kaikille virastoille' }).waitFor();
    await status.getByText('Muutokset on tallennettu.').waitFor();
    // Leaving the page ends the message.
    await page.goto(`${e2e.base}/proposals/${theirs.id}`);
    await page.getByRole('heading', { level: 1, name: theirs.title }).waitFor();
    assert.equal(await page.locator('.status-message').count(), 0);

    // 14: the thumb button names both states.
    const actions = page.locator('.proposal-actions');
    await actions.getByRole('button', { name: /^Peukuta/ }).click();
    await actions.getByRole('button', { name: /^Peukutettu – peru/ }).waitFor();
    await expectAccessible(page, 'thumbed proposal');
    await actions.getByRole('button', { name: /^Peukutettu – peru/ }).click();
    await actions.getByRole('button', { name: /^Peukuta/ }).waitFor();

    // 13: commenting is confirmed too.
    await page.locator('#new-comment').fill('Tästä tulee hyvä kokeilu.');
    await page.getByRole('button', { name: 'Lähetä' }).first().click();
    await status.getByText('Kommenttisi on lähetetty.').waitFor();
    await photograph(page, 'a-status-commented');
    await page.context().close();
  });

  test('16: My proposals lists only calls with own proposals, and says so when there are none', async () => {
    const page = await newPage();
    await login(page, 'bob@om.fi');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();
    await page.goto(`${e2e.base}/my/proposals`);
    await page.getByText('Et ole vielä jättänyt ehdotuksia.').waitFor();
    assert.equal(await page.locator('.mine-call:visible').count(), 0);
    assert.equal(await page.getByText('Valintojasi vastaavia ehdotuksia ei löytynyt.').count(), 0);
    await photograph(page, 'a-my-proposals-empty');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.getByRole('link', { name: 'Kirjaudu sisään', exact: true }).waitFor();

    await login(page, 'alice@vm.fi');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();
    await page.goto(`${e2e.base}/my/proposals`);
    await page.getByRole('link', { name: 'Yhteinen kalenteri virastoille' }).waitFor();
    await page.getByRole('link', { name: 'Suljetun haun ehdotus' }).waitFor();
    const shown = await page.locator('.mine-call:visible h2').allInnerTexts();
    assert.deepEqual(shown.sort(), ['Haku markdown-haku', 'Haku paattynyt-haku']);
    await expectAccessible(page, 'my proposals');

    // A call without proposals invites the first one.
    await page.goto(`${e2e.base}/calls/tyhja-haku`);
    const empty = page.locator('.proposals-section .empty-state');
    await empty.getByText('Ei vielä ehdotuksia – jätä ensimmäinen!').waitFor();
    await empty.getByRole('link', { name: 'Jätä ehdotus' }).waitFor();
    await photograph(page, 'a-call-without-proposals');
    await page.context().close();
  });
});
