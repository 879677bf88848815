// Journeys for the rough edges of issue 8 (web client): hyphenated content, a call page that
// gets to the proposals on a phone, "show more" that keeps focus in the list, notifications
// that open the comment, the password change, and blocking a user whose open tab is told why.
// Run with `npm run e2e` (with the other journeys); axe runs on every page visited.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ADMIN, DESKTOP, PASSWORD, PHONE, e2eSuite, expectAccessible, iso, screenshot } from './support.mjs';

const e2e = e2eSuite({ axeReport: true });
const { newPage, login } = e2e;
// What every test may read and none changes: the call with its 22 proposals, the comments on
// one of them, and their authors. A test that changes an account makes its own.
const seed = {};

const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? null, id: el?.id ?? '', text: el?.textContent?.trim() ?? '', inList: !!el?.closest('.card-list') };
  });

const DESCRIPTION_FI = [
  'Etsimme kokeiluja, joissa vähintään kaksi hallinnonalaa tekee jotain yhdessä ja oppii siitä.',
  'Hyvä kokeilu on pieni, konkreettinen ja rajattu: se voidaan aloittaa muutamassa viikossa ja sen tulokset voidaan mitata. Kerro, mikä ongelma ratkeaa, keitä se koskee ja miten tiedätte onnistuneenne.',
  'Arviointiryhmä valitsee peukutuksen jälkeen parhaat ehdotukset kokeiluiksi. Valitut kokeilut saavat tukea valtionhallinnon kehittämisrahoituksesta ja valmennusta kokeilujen suunnitteluun.',
  'Ehdotuksen voi jättää suomeksi tai ruotsiksi. Kommentoi myös muiden ehdotuksia: moni hyvä kokeilu on syntynyt kahden idean yhdistelmästä.',
].join('\n\n');
const DESCRIPTION_SV = [
  'Vi söker försök där minst två förvaltningsområden gör något tillsammans och lär sig av det.',
  'Ett bra försök är litet, konkret och avgränsat: det kan inledas inom några veckor och dess resultat kan mätas. Berätta vilket problem som löses, vilka det gäller och hur ni vet att ni har lyckats.',
  'Efter tummen upp-rundan väljer bedömningsgruppen de bästa förslagen som försök. De valda försöken får stöd ur statsförvaltningens utvecklingsfinansiering och handledning i planeringen av försöken.',
  'Förslaget kan lämnas på finska eller svenska. Kommentera också andras förslag: många bra försök har fötts ur två idéer som kombinerats.',
].join('\n\n');
const LONG_SV_TITLE = 'Gemensam upphandlingssamordningsplattform för statsförvaltningsmyndigheterna';

before(async () => {
  await e2e.start();
  const api = e2e.api;
  const admin = await api.login(ADMIN.email);
  const now = Date.now();
  const call = await api.call(
    'POST',
    '/calls',
    {
      slug: 'rajat-ylittavat-kokeilut',
      title: { fi: 'Rajat ylittävät kokeilut', sv: 'Gränsöverskridande försök', en: 'Experiments across borders' },
      description: { fi: DESCRIPTION_FI, sv: DESCRIPTION_SV },
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
  const britt = await api.register('britt@om.fi', 'Britt Berglund', 'sv');
  // One page and one more (the page size is 20): "show more" loads the last page.
  for (let i = 1; i <= 21; i += 1) {
    await api.call(
      'POST',
      `/calls/${call.id}/proposals`,
      {
        title: `Kokeilu numero ${i}: yhteinen palvelu`,
        summary: 'Kokeillaan yhteistä palvelua kahden viraston kesken puolen vuoden ajan.',
        challenge: 'Asiakkaat asioivat kahdessa paikassa saman asian vuoksi.',
        idea: 'Yksi yhteinen palvelupiste ja yhteinen tietojärjestelmä.',
        theme_id: call.themes[i % 2].id,
      },
      alice.access_token,
    );
  }
  seed.svProposal = await api.call(
    'POST',
    `/calls/${call.id}/proposals`,
    {
      title: LONG_SV_TITLE,
      summary: 'Myndigheterna provar en gemensam plattform för samordnad upphandling under ett halvår.',
      challenge: 'Varje myndighet upphandlar samma informationssystemtjänster var för sig.',
      idea: 'En gemensam upphandlingsplattform och ett gemensamt kontaktnät.',
      theme_id: call.themes[1].id,
      language: 'sv',
    },
    britt.access_token,
  );
  // Alice's newest proposal (number 21) gets the comments.
  seed.proposal = (await api.call('GET', `/calls/${call.id}/proposals?sort=newest&limit=2`)).items.find((p) => p.id !== seed.svProposal.id);
  seed.comments = [];
  for (let i = 1; i <= 8; i += 1) {
    seed.comments.push(
      await api.call(
        'POST',
        `/proposals/${seed.proposal.id}/comments`,
        { body: `Kommentti ${i}: tämä kannattaa kokeilla, ja meillä on kokemusta vastaavasta.` },
        britt.access_token,
      ),
    );
  }
});

describe('content in Finnish and Swedish', () => {
  test('long words hyphenate by the content’s own language on a phone (item 8)', async () => {
    const page = await newPage('fi', PHONE);
    await page.goto(`${e2e.base}/proposals/${seed.svProposal.id}`);
    const title = page.getByRole('heading', { level: 1, name: LONG_SV_TITLE });
    await title.waitFor();
    const style = await title.evaluate((el) => ({
      hyphens: getComputedStyle(el).hyphens,
      lang: el.closest('[lang]')?.getAttribute('lang'),
    }));
    assert.deepEqual(style, { hyphens: 'auto', lang: 'sv' });
    // The interface's own texts hyphenate by the interface's language.
    const ui = await page
      .locator('.breadcrumb')
      .evaluate((el) => ({ hyphens: getComputedStyle(el).hyphens, lang: el.closest('[lang]')?.getAttribute('lang') }));
    assert.deepEqual(ui, { hyphens: 'auto', lang: 'fi' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await expectAccessible(page, 'swedish proposal (fi, 375)');
    await screenshot(page, 'proposal-sv-content-fi-375');
    await page.context().close();
  });
});

describe('call page', () => {
  test('on a phone the description is collapsed and the filters sit behind a button (item 15)', async () => {
    for (const lang of ['fi', 'sv']) {
      const page = await newPage(lang, PHONE);
      await page.goto(`${e2e.base}/calls/${seed.call.slug}`);
      await page.locator('.proposal-card').first().waitFor();
      const more = page.getByRole('button', { name: lang === 'fi' ? 'Näytä koko kuvaus' : 'Visa hela beskrivningen' });
      assert.equal(await more.getAttribute('aria-expanded'), 'false');
      const filterButton = page.locator('.filters-toggle');
      assert.equal(await filterButton.innerText(), lang === 'fi' ? 'Suodata' : 'Filtrera');
      assert.equal(await filterButton.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('#proposal-filters').isVisible(), false);
      // The first proposal starts within the second screen, not three screens down.
      const top = await page
        .locator('.proposal-card')
        .first()
        .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
      assert.ok(top < 2 * PHONE.height, `the first proposal starts at ${top}px`);
      await expectAccessible(page, `call collapsed (${lang}, 375)`);
      await screenshot(page, `call-collapsed-${lang}-375`);
      // By keyboard: the filter button opens the filters, the description opens in full.
      await filterButton.focus();
      await page.keyboard.press('Enter');
      assert.equal(await filterButton.getAttribute('aria-expanded'), 'true');
      await page.locator('#proposal-filters').getByRole('searchbox').waitFor();
      await more.focus();
      await page.keyboard.press('Enter');
      const less = page.getByRole('button', { name: lang === 'fi' ? 'Näytä vähemmän' : 'Visa mindre' });
      assert.equal(await less.getAttribute('aria-expanded'), 'true');
      const clipped = await page.locator('#call-description').evaluate((el) => el.scrollHeight > el.clientHeight);
      assert.equal(clipped, false);
      await expectAccessible(page, `call expanded (${lang}, 375)`);
      await screenshot(page, `call-expanded-${lang}-375`);
      // Searching keeps the filters open.
      await page.locator('#proposal-filters').getByRole('searchbox').fill('numero');
      await page.locator('#proposal-filters').getByRole('searchbox').press('Enter');
      await page.waitForURL(/q=numero/);
      await page.locator('#proposal-filters').getByRole('searchbox').waitFor();
      // The count follows the new list's render, a moment after the URL changes.
      await page
        .waitForFunction(() => /\(1 /.test(document.querySelector('.filters-toggle')?.textContent ?? ''), null, { timeout: 5000 })
        .catch(() => {});
      assert.match(await filterButton.innerText(), /\(1 /);
      await page.context().close();
    }
  });

  test('on a desktop the filters show without a button', async () => {
    for (const lang of ['fi', 'sv']) {
      const page = await newPage(lang, DESKTOP);
      await page.goto(`${e2e.base}/calls/${seed.call.slug}`);
      await page.locator('.proposal-card').first().waitFor();
      assert.equal(await page.locator('#proposal-filters').isVisible(), true);
      assert.equal(await page.locator('.filters-toggle').isVisible(), false);
      await expectAccessible(page, `call (${lang}, 1440)`);
      await screenshot(page, `call-${lang}-1440`);
      await page.context().close();
    }
  });

  test('"show more" that loads the last page keeps focus in the list (item 19)', async () => {
    const page = await newPage();
    await page.goto(`${e2e.base}/calls/${seed.call.slug}?sort=newest`);
    await page.locator('.proposal-card').nth(19).waitFor();
    assert.equal(await page.locator('.proposal-card').count(), 20);
    await page.locator('.load-more').focus();
    await page.keyboard.press('Enter');
    await page.locator('.proposal-card').nth(21).waitFor();
    await page.locator('.load-more').waitFor({ state: 'detached' });
    const f = await focused(page);
    assert.equal(f.inList, true, `focus is on ${JSON.stringify(f)}`);
    // The first new item: the 21st in "newest" order (the Swedish one, then 21 down to 2).
    assert.equal(f.tag, 'A');
    assert.match(f.text, /Kokeilu numero 2:/);
    await page.context().close();
  });
});

describe('notifications', () => {
  test('a notification opens the comment and moves focus to it (item 18)', async () => {
    const page = await newPage();
    await login(page, 'alice@vm.fi');
    await page.getByRole('link', { name: /Ilmoitukset/ }).click();
    const target = seed.comments[0];
    const link = page.locator(`a[href$="#comment-${target.id}"]`);
    await link.waitFor();
    await link.click();
    await page.waitForURL(new RegExp(`/proposals/${seed.proposal.id}#comment-${target.id}$`));
    await page.waitForFunction((id) => document.activeElement?.id === `comment-${id}`, target.id);
    const inView = await page.locator(`#comment-${target.id}`).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.equal(inView, true);
    assert.match(await page.locator(`#comment-${target.id}`).innerText(), /Kommentti 1:/);
    await expectAccessible(page, 'proposal at a comment (fi)');
    await screenshot(page, 'proposal-comment-target-fi-1440');
    await page.context().close();
  });
});

describe('account', () => {
  test('the profile changes the password, with field errors, and other sessions end (items 17, 9)', async () => {
    await e2e.api.register('carl@tem.fi', 'Carl Cederberg', 'sv');
    const other = await newPage('sv');
    await login(other, 'carl@tem.fi');
    const page = await newPage('sv');
    await login(page, 'carl@tem.fi');
    await page.goto(`${e2e.base}/profile`);
    await page.getByRole('heading', { level: 2, name: 'Byt lösenord' }).waitFor();
    await expectAccessible(page, 'profile with password form (sv)');
    // A wrong current password: the server's error beside that field.
    await page.locator('#password-current').fill('fel-lösenord-123');
    await page.locator('#password-new').fill('nytt-lösenord-2026');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.locator('#password-current-statusText').getByText('Det nuvarande lösenordet är fel.').waitFor();
    // Too short a new one: beside the new password.
    await page.locator('#password-current').fill(PASSWORD);
    await page.locator('#password-new').fill('kort');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.locator('#password-new-statusText').getByText('Lösenordet ska ha minst 12 och högst 128 tecken.').waitFor();
    assert.equal((await page.locator('#password-current-statusText').textContent())?.trim() ?? '', '');
    await expectAccessible(page, 'password form with errors (sv)');
    await screenshot(page, 'profile-password-errors-sv-1440');
    await page.locator('#password-new').fill('nytt-lösenord-2026');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByText('Ditt lösenord har bytts.', { exact: false }).waitFor();
    assert.equal(await page.locator('#password-current').inputValue(), '');
    // This tab stays signed in; the other one is told its sign-in ended when it next asks.
    await page.reload();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    await other.reload();
    await other.getByRole('alert').getByText('Din inloggning har upphört.', { exact: false }).waitFor();
    await other.getByRole('link', { name: 'Logga in', exact: true }).waitFor();
    await expectAccessible(other, 'signed out notice (sv)');
    await screenshot(other, 'signed-out-ended-sv-1440');
    await e2e.api.call('POST', '/auth/login', { email: 'carl@tem.fi', password: 'nytt-lösenord-2026' });
    await page.context().close();
    await other.context().close();
  });

  test('an admin blocks with a reason after confirming; the blocked user’s open tab says why (items 20, 9)', async () => {
    await e2e.api.register('bob@om.fi', 'Bob Berg', 'sv');
    const bob = await newPage('sv');
    await login(bob, 'bob@om.fi');
    await bob.goto(`${e2e.base}/proposals/${seed.proposal.id}`);
    await bob.getByRole('heading', { level: 1 }).waitFor();

    const page = await newPage();
    // What the dialog sends, as the server receives it.
    const sent = [];
    await page.route('**/api/v1/users/*', async (route) => {
      if (route.request().method() === 'PATCH') sent.push(route.request().postDataJSON());
      return route.continue();
    });
    await login(page, ADMIN.email);
    await page.goto(`${e2e.base}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Käyttäjät' }).waitFor();
    await page.getByRole('searchbox', { name: 'Hae nimellä tai sähköpostiosoitteella' }).fill('bob');
    await page.getByRole('searchbox', { name: 'Hae nimellä tai sähköpostiosoitteella' }).press('Enter');
    // Roles are edited without a blocking checkbox; blocking is its own action.
    await page.getByRole('button', { name: 'Muokkaa käyttäjää Bob Berg' }).click();
    await page.getByRole('dialog').waitFor();
    assert.equal(await page.getByRole('dialog').getByText('Estetty').count(), 0);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const block = page.getByRole('button', { name: 'Estä käyttäjä Bob Berg' });
    await block.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Estetäänkö käyttäjä Bob Berg?' }).waitFor();
    await expectAccessible(page, 'admin block dialog (fi)');
    // Too long a reason is refused before sending.
    await dialog.getByLabel('Syy (vapaaehtoinen)').fill('x'.repeat(501));
    await dialog.getByRole('button', { name: 'Estä käyttäjä' }).click();
    await dialog.getByText('Syy on liian pitkä.', { exact: false }).waitFor();
    assert.equal(sent.length, 0);
    await screenshot(page, 'admin-block-dialog-fi-1440');
    await dialog.getByLabel('Syy (vapaaehtoinen)').fill('Asiattomia kommentteja toistuvasti.');
    await dialog.getByRole('button', { name: 'Estä käyttäjä' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('Käyttäjä Bob Berg on estetty.').waitFor();
    await page.getByRole('cell', { name: 'Estetty' }).waitFor();
    assert.deepEqual(sent[0], { blocked: true, blocked_reason: 'Asiattomia kommentteja toistuvasti.' });
    // Focus came back to the row's action, which now unblocks.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Poista käyttäjän Bob Berg esto');
    await expectAccessible(page, 'admin users after blocking (fi)');

    // Bob's open tab: the next request is refused as `account_blocked` (the server checks
    // the block before the session), which signs him out, and he is told why.
    const refused = bob.waitForResponse((r) => r.url().includes('/api/v1/') && r.status() === 403);
    await bob.getByRole('link', { name: /Meddelanden/ }).click();
    assert.equal((await (await refused).json()).code, 'account_blocked');
    const notice = bob.getByRole('alert').filter({ hasText: 'Du har loggats ut' });
    await notice.waitFor();
    assert.match(await notice.innerText(), /En administratör har spärrat ditt konto/);
    await bob.getByRole('link', { name: 'Logga in', exact: true }).waitFor();
    await expectAccessible(bob, 'blocked user signed out (sv)');
    await screenshot(bob, 'signed-out-blocked-sv-1440');
    await notice.getByRole('button', { name: 'Stäng meddelandet' }).click();
    await notice.waitFor({ state: 'detached' });

    // Unblocking is a plain confirmation.
    await page.getByRole('button', { name: 'Poista käyttäjän Bob Berg esto' }).click();
    await dialog.getByRole('heading', { name: 'Poistetaanko käyttäjän Bob Berg esto?' }).waitFor();
    assert.equal(await dialog.getByRole('textbox').count(), 0);
    await dialog.getByRole('button', { name: 'Poista esto' }).click();
    await page.getByRole('status').getByText('Käyttäjän Bob Berg esto on poistettu.').waitFor();
    assert.deepEqual(sent[1], { blocked: false });
    await e2e.api.login('bob@om.fi');
    await page.context().close();
    await bob.context().close();
  });
});
