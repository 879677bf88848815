// Identity and email end to end (issue 13), against the real server, the test SMTP server it
// sends through (tools/smtp_sink.py) and, for single sign-on, a real OpenID Connect provider
// (tools/oidc-test-provider): a new account confirms its address by the emailed link before it
// takes part; a forgotten password is reset by email and the old sessions end; a ministry's
// user signs in with the organisation's provider. axe on every new screen, in Finnish and
// Swedish, on a desktop and a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN,
  OIDC_CLIENT,
  PASSWORD,
  PHONE,
  acceptTermsIfAsked,
  apiClient,
  e2eSuite,
  expectAccessible,
  iso,
  launchBrowser,
  linkSentTo,
  mailLink,
  newPage as openPage,
  screenshot,
  startServer,
} from './support.mjs';

// Console errors are not collected: the refusals these journeys provoke (403, 429) log there.
const e2e = e2eSuite();
const { newPage } = e2e;
const seed = {};

before(async () => {
  await e2e.start();
  const admin = await e2e.api.login(ADMIN.email);
  const now = Date.now();
  const call = await e2e.api.call(
    'POST',
    '/calls',
    {
      slug: 'tunnistus-e2e',
      title: { fi: 'Sujuvampi asiointi', sv: 'Smidigare ärendehantering', en: 'Smoother services' },
      description: { fi: 'Etsimme kokeiluja, jotka helpottavat asiointia.', sv: 'Vi söker försök som gör ärendehanteringen smidigare.' },
      opens_at: iso(now - 3600_000),
      submissions_close_at: iso(now + 7 * 86400_000),
      voting_closes_at: iso(now + 14 * 86400_000),
      themes: [{ name: { fi: 'Lomakkeet', sv: 'Blanketter' } }],
    },
    admin.access_token,
  );
  await e2e.api.call('POST', `/calls/${call.id}/publish`, undefined, admin.access_token);
  seed.call = call;
});

/**
 * An unconfirmed user's try at a proposal: the refusal, where it shows (on the page when the
 * server says beforehand that the user may not submit, or in the form's error when it says so
 * on sending), as a locator to find its resend button in.
 */
async function refuseUnverified(page) {
  await page.goto(`${e2e.base}/calls/tunnistus-e2e/proposals/new`);
  const before = page.locator('.submit-refusal', { hasText: 'Vahvista ensin sähköpostiosoitteesi' });
  const form = page.locator('#proposal-title');
  await Promise.race([before.waitFor(), form.waitFor()]);
  if ((await before.count()) > 0) return before;
  await submitProposal(page, 'Yhteinen lomake virastoille');
  const after = page.locator('.problem-alert', { hasText: 'Vahvista ensin sähköpostiosoitteesi' });
  await after.waitFor();
  return after;
}

/** Fills the new-proposal form of the seeded call and sends it. */
async function submitProposal(page, title) {
  await page.goto(`${e2e.base}/calls/tunnistus-e2e/proposals/new`);
  await page.locator('#proposal-title').fill(title);
  await page.locator('#proposal-summary').fill('Yksi lomake kaikille virastoille.');
  await page.locator('#proposal-challenge').fill('Samat tiedot kysytään monta kertaa.');
  await page.locator('#proposal-idea').fill('Kokeillaan yhteistä lomaketta puoli vuotta.');
  await page.getByRole('button', { name: 'Lähetä ehdotus' }).click();
}

describe('a new account', () => {
  test('registers, gets the confirmation link by email, opens it and can then submit', async () => {
    const email = 'ville.vahvistaja@vm.fi';
    const page = await newPage();
    await page.goto(`${e2e.base}/register`);
    await page.locator('#register-name').fill('Ville Vahvistaja');
    await page.locator('#register-email').fill(email);
    await page.locator('#register-password').fill(PASSWORD);
    await page.locator('#register-accept-legal').check({ force: true });
    await page.locator('form button[type=submit]').click();
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();

    // The banner says what to do, on every page, until the address is confirmed.
    const banner = page.locator('.unverified-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), new RegExp(`Lähetimme vahvistuslinkin osoitteeseen ${email}`));
    await expectAccessible(page, 'unverified banner (fi)');
    await screenshot(page, 'identity-banner-fi-1440');

    // The email: to the address, in the account's language, with a link to the web client.
    const first = await e2e.mail.waitFor((m) => m.rcpt_tos.includes(email), `the confirmation email to ${email}`);
    const firstLink = mailLink(first, '/verify-email#token=');
    assert.ok(firstLink.startsWith(`${e2e.base}/verify-email#token=`), firstLink);

    // Taking part is refused until then, with the same "send the link again" beside the refusal:
    // the form's page says so at once when the server tells it, else sending the form does.
    const refusal = await refuseUnverified(page);
    // Registration sent a link a moment ago, so a new one is refused for now, and the user is
    // told when to ask again (the server's Retry-After).
    await refusal.getByRole('button', { name: 'Lähetä linkki uudelleen' }).click();
    await refusal.getByText(/Lähetimme linkin juuri äsken. Voit pyytää uuden \d+ sekunnin kuluttua./).waitFor();
    await expectAccessible(page, 'email_unverified refusal with resend (fi)');
    await screenshot(page, 'identity-refusal-fi-1440');

    await page.goto(firstLink);
    await page.getByText('Sähköpostiosoitteesi on vahvistettu.').waitFor();
    await expectAccessible(page, 'verify-email, confirmed (fi)');
    await screenshot(page, 'identity-verified-fi-1440');
    // The link works once: again, it says so, and that nothing more is needed. (Another page
    // first, settled: a reload while its token refresh is under way would spend the token.)
    await page.goto(`${e2e.base}/`);
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();
    await page.goto(firstLink);
    await page.getByText(/Linkki ei toimi/).waitFor();
    await page.getByText('Sähköpostiosoitteesi on jo vahvistettu, joten uutta linkkiä ei tarvita.').waitFor();
    await expectAccessible(page, 'verify-email, used link (fi)');
    await page.getByRole('link', { name: 'Siirry etusivulle' }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    assert.equal(await page.locator('.unverified-banner').count(), 0, 'the banner stays after confirming');

    // Now the proposal goes in.
    await submitProposal(page, 'Yhteinen lomake virastoille');
    await page.waitForURL(/\/proposals\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 1, name: 'Yhteinen lomake virastoille' }).waitFor();
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test('sees the banner on a phone in Swedish', async () => {
    const email = 'vera.verifierar@om.fi';
    await e2e.api.registerUnverified(email, 'Vera Verifierar', 'sv');
    const page = await newPage('sv', PHONE);
    await e2e.login(page, email);
    await page.locator('.unverified-banner').getByRole('button', { name: 'Skicka länken igen' }).waitFor();
    await expectAccessible(page, 'unverified banner (sv, 375)');
    await screenshot(page, 'identity-banner-sv-375');
    const link = await linkSentTo(e2e.mail, email, '/verify-email#token=');
    await page.goto(link);
    await page.getByText('Din e-postadress har bekräftats.').waitFor();
    await expectAccessible(page, 'verify-email, confirmed (sv, 375)');
    assert.equal(await page.locator('.unverified-banner').count(), 0);
    await page.context().close();
  });
});

describe('a forgotten password', () => {
  test('is reset by an emailed link, which ends every session: an old tab is sent to log in', async () => {
    const user = await e2e.api.user('Riikka Resetoija');
    const email = user.user.email;
    // The old tab: signed in, on a page for signed-in users.
    const old = await newPage();
    await e2e.login(old, email);
    await old.goto(`${e2e.base}/my/proposals`);
    await old.getByRole('heading', { level: 1 }).waitFor();

    const page = await newPage();
    await page.goto(`${e2e.base}/login`);
    await page.getByRole('link', { name: 'Unohditko salasanasi?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unohtunut salasana' }).waitFor();
    await expectAccessible(page, 'forgot password (fi)');
    await page.locator('#forgot-email').fill(email);
    await page.getByRole('button', { name: 'Lähetä linkki' }).click();
    await page.getByText(`Jos osoitteella ${email} on tunnus Siilossa, lähetimme siihen linkin salasanan vaihtamiseen.`).waitFor();
    await expectAccessible(page, 'forgot password, sent (fi)');

    // An address without an account is answered the same way, and gets nothing.
    const other = await newPage();
    await other.goto(`${e2e.base}/forgot-password`);
    await other.locator('#forgot-email').fill('ei.ketaan@vm.fi');
    await other.getByRole('button', { name: 'Lähetä linkki' }).click();
    await other.getByText('Jos osoitteella ei.ketaan@vm.fi on tunnus Siilossa, lähetimme siihen linkin salasanan vaihtamiseen.').waitFor();
    await other.context().close();

    const link = await linkSentTo(e2e.mail, email, '/reset-password#token=');
    assert.ok(link.startsWith(`${e2e.base}/reset-password#token=`), link);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Uuden salasanan valinta' }).waitFor();
    await expectAccessible(page, 'reset password (fi)');
    await screenshot(page, 'identity-reset-fi-1440');
    const newPassword = 'uusi ja pitkä salalause 2026';
    await page.locator('#reset-password').fill(newPassword);
    await page.getByRole('button', { name: 'Vaihda salasana' }).click();
    await page.waitForURL(`${e2e.base}/login`);
    await page.locator('.status-message', { hasText: 'Salasanasi on vaihdettu' }).waitFor();
    await expectAccessible(page, 'login after reset (fi)');

    // The link worked once.
    await page.goto(link);
    await page.locator('#reset-password').fill('vielä yksi pitkä salalause');
    await page.getByRole('button', { name: 'Vaihda salasana' }).click();
    await page.getByText(/Linkki ei toimi/).waitFor();

    // The old tab's next request finds its session ended and sends it to log in.
    await old.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Profiili' }).click();
    await old.waitForURL(`${e2e.base}/login`);
    await old.locator('.signed-out-notice').waitFor();
    assert.equal(await old.evaluate(() => localStorage.getItem('siilo.refresh_token')), null);

    // The new password works; the old one does not.
    await assert.rejects(e2e.api.login(email));
    await e2e.login(page, email, { password: newPassword });
    assert.deepEqual(old.jsErrors, []);
    await old.context().close();
    await page.context().close();
  });

  test('pages read in Swedish on a phone', async () => {
    const user = await e2e.api.user('Sixten Svensson', 'sv');
    const page = await newPage('sv', PHONE);
    await page.goto(`${e2e.base}/forgot-password`);
    await page.locator('#forgot-email').fill(user.user.email);
    await page.getByRole('button', { name: 'Skicka länken' }).click();
    await page.getByText(/har vi skickat en länk dit för att byta lösenord/).waitFor();
    await expectAccessible(page, 'forgot password, sent (sv, 375)');
    await page.goto(await linkSentTo(e2e.mail, user.user.email, '/reset-password#token='));
    await page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' }).waitFor();
    await expectAccessible(page, 'reset password (sv, 375)');
    await screenshot(page, 'identity-reset-sv-375');
    await page.context().close();
  });
});

describe('the profile', () => {
  test('changes the password, the email address (confirmed by link) and the email settings', async () => {
    const user = await e2e.api.user('Paula Profiili');
    const email = user.user.email;
    const page = await newPage();
    await e2e.login(page, email);
    await page.goto(`${e2e.base}/profile`);
    await page.getByRole('heading', { level: 2, name: 'Sähköposti-ilmoitukset' }).waitFor();
    const comments = page.getByRole('group', { name: 'Joku kommentoi ehdotustasi' });
    await comments.waitFor();
    await expectAccessible(page, 'profile (fi)');

    // Email settings: one group of three choices per kind, saved together, kept.
    await comments.getByText('Heti').click();
    await page.getByRole('group', { name: 'Seuraamasi kokeilu julkaisee oppinsa' }).getByText('Ei sähköpostia').click();
    await page.getByRole('button', { name: 'Tallenna sähköpostiasetukset' }).click();
    await page.getByText('Sähköpostiasetukset tallennettu.').waitFor();
    const saved = await e2e.api.call('GET', '/me/email-settings', undefined, (await e2e.api.login(email)).access_token);
    const delivery = Object.fromEntries(saved.settings.map((s) => [s.kind, s.delivery]));
    assert.equal(delivery.comment_on_proposal, 'immediately');
    assert.equal(delivery.pilot_lessons, 'off');
    assert.equal(delivery.reply_to_comment, 'daily_digest');

    // Change the password; this tab stays signed in.
    await page.locator('#password-current').fill(PASSWORD);
    await page.locator('#password-new').fill('toinen pitkä salalause profiilissa');
    await page.getByRole('button', { name: 'Vaihda salasana' }).click();
    await page.getByText(/Salasanasi on vaihdettu/).waitFor();

    // Change the address: it waits for its link, then takes effect.
    const newEmail = email.replace('@e2e.example.fi', '@uusi.example.fi');
    await page.locator('#email-new').fill(newEmail);
    await page.locator('#email-password').fill('toinen pitkä salalause profiilissa');
    await page.getByRole('button', { name: 'Vaihda sähköpostiosoite' }).click();
    await page.getByText(`Lähetimme vahvistuslinkin osoitteeseen ${newEmail}. Osoitteesi vaihtuu, kun avaat linkin.`).waitFor();
    await page.getByText('(odottaa vahvistusta)').waitFor();
    await expectAccessible(page, 'profile, email waiting (fi)');
    await screenshot(page, 'identity-profile-fi-1440');
    await page.goto(await linkSentTo(e2e.mail, newEmail, '/verify-email#token='));
    await page.getByText('Sähköpostiosoitteesi on vahvistettu.').waitFor();
    await page.goto(`${e2e.base}/profile`);
    await page.locator('.facts').getByText(newEmail).waitFor();
    // The old address is told.
    await e2e.mail.waitFor((m) => m.rcpt_tos.includes(email) && !(m.text ?? '').includes('#token='), `the change notice to ${email}`);
    await page.context().close();
  });

  test('unsubscribes by an email link without signing in', async () => {
    // Someone comments on a proposal of the user's; its notification email carries the link.
    const author = await e2e.api.user('Ulla Uutiskirje');
    const current = await e2e.api.call('GET', '/me/email-settings', undefined, author.access_token);
    const immediately = current.settings.map((s) => (s.kind === 'comment_on_proposal' ? { ...s, delivery: 'immediately' } : s));
    await e2e.api.call('PUT', '/me/email-settings', { settings: immediately }, author.access_token);
    const proposal = await e2e.api.call(
      'POST',
      `/calls/${seed.call.id}/proposals`,
      {
        title: 'Asiointi yhdellä tunnuksella',
        summary: 'Yksi tunnus kaikkiin palveluihin.',
        challenge: 'Tunnuksia on liikaa.',
        idea: 'Kokeillaan yhteistä tunnusta.',
        theme_id: seed.call.themes[0].id,
      },
      author.access_token,
    );
    const commenter = await e2e.api.user('Kalle Kommentoija');
    await e2e.api.call('POST', `/proposals/${proposal.id}/comments`, { body: 'Hyvä ajatus!' }, commenter.access_token);
    const link = await linkSentTo(e2e.mail, author.user.email, '/unsubscribe#token=');
    const mail = e2e.mail.to(author.user.email).at(-1);
    assert.match(mail.headers['list-unsubscribe'] ?? '', /\/api\/v1\/email\/unsubscribe\?token=/);
    assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');

    const page = await newPage();
    await page.goto(link);
    await page.getByText('Lopetetaanko sähköposti-ilmoitukset tästä: ”Joku kommentoi ehdotustasi”?').waitFor();
    await expectAccessible(page, 'unsubscribe (fi)');
    await page.getByRole('button', { name: 'Lopeta sähköpostit' }).click();
    await page.getByText('Selvä. Et enää saa tästä sähköpostia.').waitFor();
    await expectAccessible(page, 'unsubscribed (fi)');
    await screenshot(page, 'identity-unsubscribed-fi-1440');
    const settings = await e2e.api.call('GET', '/me/email-settings', undefined, (await e2e.api.login(author.user.email)).access_token);
    assert.equal(settings.settings.find((s) => s.kind === 'comment_on_proposal').delivery, 'off');
    await page.context().close();
  });
});

describe('single sign-on', () => {
  // A server of its own, with the organisation's OpenID Connect provider configured.
  const sso = {};
  before(async () => {
    sso.server = await startServer({ sso: true });
    sso.api = apiClient(sso.server.base, sso.server.mail);
    sso.browser = await launchBrowser();
  });
  after(async () => {
    await sso.browser?.close();
    await sso.server?.stop();
  });

  /** Signs in at the provider's own login form (any password), which sends the browser back. */
  async function signInAtProvider(page, login) {
    await page.waitForURL((url) => url.href.startsWith(sso.server.oidc.issuer));
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('mitä tahansa');
    await page.locator('button[type=submit]').click();
  }

  test('signs a ministry’s user in with the organisation and back where they were', async () => {
    const page = await openPage(sso.browser);
    await page.goto(`${sso.server.base}/pilots`);
    await page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Kirjaudu sisään' }).click();
    const button = page.getByRole('button', { name: 'Kirjaudu organisaatiosi tunnuksilla' });
    await button.waitFor();
    await page.getByText(`Tunnistuspalvelu: ${OIDC_CLIENT.name}`).waitFor();
    await expectAccessible(page, 'login with single sign-on (fi)');
    await screenshot(page, 'identity-login-sso-fi-1440');
    await button.click();
    await signInAtProvider(page, 'sanna.sisaan@stm.fi');
    await page.waitForURL(`${sso.server.base}/pilots`);
    await acceptTermsIfAsked(page);
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();
    // Made by single sign-on: confirmed, so no banner; no Siilo password.
    assert.equal(await page.locator('.unverified-banner').count(), 0);
    await page.goto(`${sso.server.base}/profile`);
    await page.getByText(/Tunnuksellasi ei ole salasanaa, koska kirjaudut organisaatiosi tunnuksilla/).waitFor();
    await expectAccessible(page, 'profile of a single sign-on account (fi)');
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test('says why when the provider’s user has no confirmed address, with "try again"', async () => {
    const page = await openPage(sso.browser, { lang: 'sv', viewport: PHONE });
    await page.goto(`${sso.server.base}/login`);
    await page.getByRole('button', { name: 'Logga in med din organisations konto' }).click();
    await signInAtProvider(page, 'unverified.user@stm.fi');
    await page.waitForURL((url) => url.pathname === '/sso/callback');
    await page.getByText(/Din organisations identifieringstjänst har inte bekräftat din e-postadress/).waitFor();
    await page.getByRole('button', { name: 'Försök igen' }).waitFor();
    await expectAccessible(page, 'single sign-on refused (sv, 375)');
    await screenshot(page, 'identity-sso-refused-sv-375');
    await page.context().close();
  });

  test('a cancelled sign-in at the provider comes back with "try again"', async () => {
    const page = await openPage(sso.browser, {});
    await page.goto(`${sso.server.base}/login`);
    await page.getByRole('button', { name: 'Kirjaudu organisaatiosi tunnuksilla' }).click();
    await page.waitForURL((url) => url.href.startsWith(sso.server.oidc.issuer));
    // The person cancels at the provider, which sends the browser back with an error instead
    // of a code (the test provider's form has no cancel button: its redirect is made here).
    const state = new URL(page.url()).searchParams.get('state') ?? 'state';
    await page.goto(`${sso.server.base}/sso/callback?error=access_denied&error_description=cancelled&state=${encodeURIComponent(state)}`);
    await page.getByText('Kirjautuminen keskeytettiin organisaatiosi tunnistuspalvelussa.').waitFor();
    await expectAccessible(page, 'single sign-on cancelled (fi)');
    // Try again goes back to the provider.
    await page.getByRole('button', { name: 'Yritä uudelleen' }).click();
    await signInAtProvider(page, 'toni.toinen@stm.fi');
    await page.waitForURL(`${sso.server.base}/`);
    await acceptTermsIfAsked(page);
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor();
    await page.context().close();
  });

  test('links the first sign-in to the account with the same confirmed address', async () => {
    await sso.api.register('tuuli.tunnus@stm.fi', 'Tuuli Tunnus');
    const page = await openPage(sso.browser);
    await page.goto(`${sso.server.base}/login`);
    await page.getByRole('button', { name: 'Kirjaudu organisaatiosi tunnuksilla' }).click();
    await signInAtProvider(page, 'tuuli.tunnus@stm.fi');
    await page.waitForURL(`${sso.server.base}/`);
    // The existing account, with its own name and its password kept.
    await page.locator('.nav__name', { hasText: 'Tuuli Tunnus' }).waitFor();
    await page.goto(`${sso.server.base}/profile`);
    await page.locator('#password-current').waitFor();
    await page.context().close();
  });
});
