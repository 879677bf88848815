import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { OrganisationRef } from '@/lib/types';
import { PROBLEM_JSON, http, identityHttp, problem, server } from '@/test/api-mock';
import { me, renderWith } from '@/test/identity';
import { EmailForm } from './email-form';
import { ProfileForm } from './profile-form';

const org = (id: string, code: string, fi: string): OrganisationRef => ({
  id,
  code,
  name: { fi, sv: fi, en: fi },
  short_name: { fi: code, sv: code, en: code },
});
const stm = org('o-stm', 'STM', 'Sosiaali- ja terveysministeriö');
const thl = org('o-thl', 'THL', 'Terveyden ja hyvinvoinnin laitos');

describe('the organisation in the profile', () => {
  it('offers only the organisations of the confirmed address, and sends it only when changed', { timeout: 30_000 }, async () => {
    const bodies: unknown[] = [];
    server.use(
      identityHttp.get('/api/v1/me/organisation-choices', ({ response }) => response(200).json([thl, stm])),
      http.patch('/api/v1/me', async ({ request, response }) => {
        const body = await request.json();
        bodies.push(body);
        return response(200).json({ ...me, email_verified: true, organisation: body.organisation_id === 'o-thl' ? thl : stm });
      }),
    );
    renderWith(<ProfileForm me={{ ...me, email_verified: true, organisation: stm }} />);
    // Saving without a change leaves the organisation out.
    await userEvent.click(await screen.findByRole('button', { name: 'Tallenna' }));
    await screen.findByText('Tiedot tallennettu.');
    expect(bodies[0]).toEqual({ display_name: me.display_name, language: 'fi' });

    await userEvent.click(await screen.findByRole('button', { name: /Organisaatio/ }));
    // jsdom computes no accessible name for the options: they are found by their text.
    const options = screen.getAllByRole('option', { hidden: true });
    expect(options.map((o) => o.textContent)).toEqual(['Terveyden ja hyvinvoinnin laitos (THL)', 'Sosiaali- ja terveysministeriö (STM)']);
    await userEvent.click(options[0] as HTMLElement);
    await userEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ display_name: me.display_name, language: 'fi', organisation_id: 'o-thl' });
  });

  it('is not a choice before the address is confirmed', { timeout: 30_000 }, () => {
    renderWith(<ProfileForm me={me} />);
    expect(screen.queryByRole('button', { name: /Organisaatio/ })).toBeNull();
    expect(screen.getByText('Organisaatiosi päätellään sähköpostiosoitteestasi, kun olet vahvistanut sen.')).toBeTruthy();
  });
});

describe('the email address in the profile', () => {
  it('asks for a link to the new address and shows it waiting', { timeout: 30_000 }, async () => {
    let body: unknown;
    server.use(
      identityHttp.post('/api/v1/me/email', async ({ request }) => {
        body = await request.json();
        return new HttpResponse(null, { status: 202 });
      }),
    );
    renderWith(<EmailForm me={{ ...me, email_verified: true }} />);
    await userEvent.type(screen.getByLabelText('Uusi sähköpostiosoite'), 'maija.meikalainen@thl.fi');
    await userEvent.type(screen.getByLabelText('Nykyinen salasana'), 'pitkä ja hyvä salalause');
    await userEvent.click(screen.getByRole('button', { name: 'Vaihda sähköpostiosoite' }));
    expect(
      await screen.findByText('Lähetimme vahvistuslinkin osoitteeseen maija.meikalainen@thl.fi. Osoitteesi vaihtuu, kun avaat linkin.'),
    ).toBeTruthy();
    expect(body).toEqual({ email: 'maija.meikalainen@thl.fi', current_password: 'pitkä ja hyvä salalause' });
  });

  it('shows the address waiting for confirmation', { timeout: 30_000 }, () => {
    renderWith(<EmailForm me={{ ...me, email_verified: true, pending_email: 'uusi@thl.fi' }} />);
    expect(screen.getByText('(odottaa vahvistusta)')).toBeTruthy();
    expect(screen.getByText(/Osoitteesi vaihtuu, kun avaat linkin, jonka lähetimme osoitteeseen uusi@thl.fi/)).toBeTruthy();
  });

  it('puts a wrong password under its field', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/me/email', () =>
        HttpResponse.json(
          {
            ...problem(403, 'wrong_current_password'),
            errors: [{ field: 'current_password', code: 'wrong_current_password', message: 'm' }],
          },
          { status: 403, ...PROBLEM_JSON },
        ),
      ),
    );
    renderWith(<EmailForm me={{ ...me, email_verified: true }} />);
    await userEvent.type(screen.getByLabelText('Uusi sähköpostiosoite'), 'x@thl.fi');
    await userEvent.type(screen.getByLabelText('Nykyinen salasana'), 'väärä');
    await userEvent.click(screen.getByRole('button', { name: 'Vaihda sähköpostiosoite' }));
    expect(await screen.findByText('Nykyinen salasana on väärä.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('has no form for an account without a password (single sign-on)', { timeout: 30_000 }, () => {
    renderWith(<EmailForm me={{ ...me, email_verified: true, has_password: false }} />);
    expect(screen.queryByLabelText('Uusi sähköpostiosoite')).toBeNull();
    expect(screen.getByText(/sähköpostiosoitteesi tulee organisaatiosi tunnistuspalvelusta/)).toBeTruthy();
  });
});
