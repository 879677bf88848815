// The legal pages (issue 13): the footer links to the privacy notice, the accessibility
// statement and the terms of use on every page and language; registration needs the box that
// accepts the terms and the privacy notice; and a new version of the terms, published in the
// admin screens, asks a signed-in user to accept it before going on. axe on each, keyboard,
// 375 px. Run with `npm run e2e` (or `node --test e2e/legal.test.mjs` after `vite build`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADMIN, PASSWORD, PHONE, e2eSuite, expectAccessible, screenshot, noOverflow } from './support.mjs';

const e2e = e2eSuite({ consoleErrors: true });
const { newPage, login } = e2e;

const FOOTER = {
  fi: ['Tietosuojaseloste', 'Saavutettavuusseloste', 'Käyttöehdot'],
  sv: ['Dataskyddsbeskrivning', 'Tillgänglighetsutlåtande', 'Användarvillkor'],
  en: ['Privacy notice', 'Accessibility statement', 'Terms of use'],
};
const PATHS = ['/privacy', '/accessibility', '/terms'];

/** The signed-in account as the server sees it, through a sign-in of the test's own. */
async function mustAccept(email) {
  const tokens = await e2e.api.login(email);
  const me = await e2e.api.call('GET', '/me', undefined, tokens.access_token);
  return me.must_accept;
}

describe('legal pages', () => {
  test('the footer of every page links to the three pages, in each language', async () => {
    for (const lang of ['fi', 'sv', 'en']) {
      const page = await newPage(lang);
      for (const start of ['/', '/pilots', '/login']) {
        await page.goto(`${e2e.base}${start}`);
        const footer = page.getByRole('navigation', {
          name: { fi: 'Tietoa palvelusta', sv: 'Om tjänsten', en: 'About the service' }[lang],
        });
        await footer.waitFor();
        const links = footer.getByRole('link');
        assert.deepEqual(await links.allInnerTexts(), FOOTER[lang], `footer of ${start} (${lang})`);
        assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), PATHS);
      }
      // Each page in the reader's language, with its version.
      for (const [i, path] of PATHS.entries()) {
        await page.goto(`${e2e.base}${path}`);
        await page.getByRole('heading', { level: 1, name: FOOTER[lang][i] }).waitFor();
        assert.match(await page.locator('.legal-page__meta').innerText(), /(Versio|Version) 1/);
        assert.ok((await page.locator('.legal-page__body h2').count()) >= 5, `${path} (${lang}) has its sections`);
        assert.equal(await page.locator('.legal-page').getAttribute('lang'), lang);
        assert.match(await page.title(), new RegExp(`^${FOOTER[lang][i]} – Siilo$`));
        await expectAccessible(page, `${path} (${lang})`);
      }
      await page.context().close();
    }
  });

  test('by keyboard from the footer, and on a phone', async () => {
    const page = await newPage('fi', PHONE);
    await page.goto(e2e.base);
    const link = page.locator('.footer').getByRole('link', { name: 'Saavutettavuusseloste' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/accessibility$/);
    await page.getByRole('heading', { level: 1, name: 'Saavutettavuusseloste' }).waitFor();
    // Focus moves to the new content, as on every navigation.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    const text = await page.locator('.legal-page__body').innerText();
    for (const needle of ['WCAG 2.1', 'Traficom', 'saavutettavuusvaatimukset.fi', '14 päivän']) {
      assert.ok(text.includes(needle), `the statement names ${needle}`);
    }
    await noOverflow(page, 'the accessibility statement');
    await expectAccessible(page, 'accessibility statement (fi, 375)');
    await screenshot(page, 'legal-accessibility-fi-375');
    await page.goto(`${e2e.base}/privacy`);
    await page.getByRole('heading', { level: 1, name: 'Tietosuojaseloste' }).waitFor();
    await noOverflow(page, 'the privacy notice');
    await screenshot(page, 'legal-privacy-fi-375');
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test('registration needs the box that accepts the terms and the privacy notice', async () => {
    const page = await newPage('sv', PHONE);
    await page.goto(`${e2e.base}/register`);
    const email = 'registrerad@e2e.example.fi';
    await page.locator('#register-name').fill('Rita Registrerad');
    await page.locator('#register-email').fill(email);
    await page.locator('#register-password').fill(PASSWORD);
    const box = page.locator('#register-accept-legal');
    // The names link to the pages, opening in a new tab so that the form stays filled in.
    const terms = page.locator('form').getByRole('link', { name: /användarvillkoren/ });
    assert.equal(await terms.getAttribute('href'), '/terms');
    assert.equal(await terms.getAttribute('target'), '_blank');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), terms.click()]);
    await tab.getByRole('heading', { level: 1, name: 'Användarvillkor' }).waitFor();
    await tab.close();
    assert.equal(await box.isChecked(), false, 'following a link does not tick the box');
    assert.equal(await page.locator('#register-name').inputValue(), 'Rita Registrerad');

    await page.locator('form button[type=submit]').click();
    await page.getByText('Godkänn användarvillkoren och dataskyddsbeskrivningen för att skapa ett konto.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'register-accept-legal');
    assert.match(page.url(), /\/register$/);
    await expectAccessible(page, 'register, box not ticked (sv, 375)');
    await noOverflow(page, 'the registration form');
    await screenshot(page, 'legal-register-sv-375');

    // By keyboard: the focused box ticks with the space bar.
    await page.keyboard.press('Space');
    assert.equal(await box.isChecked(), true);
    await page.locator('form button[type=submit]').click();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    assert.equal(await page.getByText('Godkänn de uppdaterade villkoren').count(), 0, 'nothing more to accept');
    assert.deepEqual(await mustAccept(email), []);
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test('a new version of the terms, published by an admin, is asked of a signed-in user', async () => {
    const aino = await e2e.api.user('Aino Ahkera');
    const page = await newPage('fi');
    await login(page, aino.user.email);
    await page.goto(`${e2e.base}/pilots`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByText('Hyväksy päivitetyt ehdot').count(), 0);

    // The admin publishes version 2 of the terms in the admin screens.
    const admin = await newPage('fi');
    await login(admin, ADMIN.email);
    await admin.goto(`${e2e.base}/admin/legal`);
    await admin.getByRole('heading', { level: 1, name: 'Selosteet ja ehdot' }).waitFor();
    await expectAccessible(admin, 'admin legal pages');
    const card = admin.locator('.legal-card', { hasText: 'Käyttöehdot' });
    assert.match(await card.innerText(), /Voimassa: versio 1/);
    await card.getByRole('link', { name: 'Julkaise uusi versio' }).click();
    await admin.locator('#legal-body-fi').waitFor();
    const body = admin.locator('#legal-body-fi');
    assert.match(await body.inputValue(), /^Näitä käyttöehtoja sovelletaan/);
    await body.fill(`${await body.inputValue()}\n\n## Muutokset 2027\n\nLisäsimme kokeilujen **tiimejä** koskevan kohdan.`);
    // A language left empty is refused before anything is sent.
    const titleSv = admin.locator('#legal-title-sv');
    await titleSv.fill('');
    await admin.getByRole('button', { name: 'Julkaise uusi versio' }).click();
    await admin.getByText('Korjaa merkityt kentät.').waitFor();
    await expectAccessible(admin, 'admin legal editor with an error');
    await screenshot(admin, 'legal-admin-editor-fi-1440');
    await titleSv.fill('Användarvillkor');
    await admin.getByRole('button', { name: 'Julkaise uusi versio' }).click();
    const confirm = admin.getByRole('dialog');
    await confirm.getByText('kaikkia käyttäjiä pyydetään hyväksymään').waitFor();
    await confirm.getByRole('button', { name: 'Julkaise' }).click();
    await admin.waitForURL(/\/admin\/legal$/);
    await admin.getByText('Versio 2 on julkaistu.').waitFor();
    // The admin, too, is asked to accept the new terms.
    await admin.getByText('Hyväksy päivitetyt ehdot').waitFor();
    await admin.getByRole('dialog').getByRole('button', { name: 'Hyväksy' }).click();
    await admin.getByText('Hyväksy päivitetyt ehdot').waitFor({ state: 'detached' });
    await admin.context().close();

    // Aino, signed in all along, is asked on her next page load.
    await page.reload();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Hyväksy päivitetyt ehdot').waitFor();
    const link = dialog.getByRole('link', { name: /Käyttöehdot, versio 2/ });
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await dialog.getByRole('link', { name: /Tietosuojaseloste/ }).count(), 0, 'the privacy notice did not change');
    await expectAccessible(page, 'accept the new terms');
    await screenshot(page, 'legal-accept-fi-1440');
    assert.deepEqual(await mustAccept(aino.user.email), ['terms']);
    // The new version reads as published, with the earlier one still there.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tab.getByRole('heading', { level: 2, name: 'Muutokset 2027' }).waitFor();
    assert.equal(await tab.locator('.legal-page__body strong').innerText(), 'tiimejä');
    assert.equal(await tab.getByText('Hyväksy päivitetyt ehdot').count(), 0, 'the page itself is readable');
    await tab.getByRole('link', { name: /Versio 1, julkaistu/ }).click();
    await tab.getByText(/Tämä on aiempi versio 1/).waitFor();
    await expectAccessible(tab, 'an earlier version of the terms');
    await tab.close();

    // Keyboard: focus is in the dialog; Tab reaches the accept button.
    const accept = dialog.getByRole('button', { name: 'Hyväksy' });
    for (let i = 0; i < 10 && !(await accept.evaluate((b) => b === document.activeElement)); i += 1) {
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')), 'focus stays in the dialog');
    }
    await page.keyboard.press('Enter');
    await page.getByText('Kiitos! Olet hyväksynyt päivitetyt ehdot.').waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.deepEqual(await mustAccept(aino.user.email), []);
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test('the dialog on a phone, in Swedish', async () => {
    // The previous test published version 2 of the terms: Bo accepts only the privacy notice.
    const email = 'bo.berg@e2e.example.fi';
    await e2e.api.call('POST', '/auth/register', {
      email,
      display_name: 'Bo Berg',
      password: PASSWORD,
      language: 'sv',
      accepted_privacy_version: 1,
    });
    assert.deepEqual(await mustAccept(email), ['terms']);
    const page = await newPage('sv', PHONE);
    await login(page, email);
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Godkänn de uppdaterade villkoren').waitFor();
    await noOverflow(page, 'the dialog');
    await expectAccessible(page, 'accept the new terms (sv, 375)');
    await screenshot(page, 'legal-accept-sv-375');
    // Signing out is the other way out.
    await dialog.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('link', { name: 'Logga in' }).first().waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    await page.context().close();
  });
});
