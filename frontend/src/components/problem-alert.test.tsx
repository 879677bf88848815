import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/lib/api-client';
import { ApiProblem, call } from '@/lib/problem';
import { http, server } from '@/test/api-mock';
import { ProblemAlert } from './problem-alert';

/** What a screen gets when the list of calls cannot be reached: no connection at all. */
async function offline(): Promise<unknown> {
  server.use(http.get('/api/v1/calls', () => HttpResponse.error()));
  return call(() => api.GET('/api/v1/calls')).catch((e: unknown) => e);
}

/** What a screen gets when a gateway answers for the server with a page of its own. */
async function badGateway(): Promise<unknown> {
  server.use(
    http.get('/api/v1/calls', ({ response }) =>
      response.untyped(new HttpResponse('<html>502</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })),
    ),
  );
  return call(() => api.GET('/api/v1/calls')).catch((e: unknown) => e);
}

const renderAlert = (error: unknown, onRetry?: () => void) =>
  render(
    <MemoryRouter>
      <ProblemAlert error={error} onRetry={onRetry} />
    </MemoryRouter>,
  );

describe('ProblemAlert', () => {
  it('says a refusal in words by its code, without a retry', () => {
    renderAlert(new ApiProblem('call_not_open', 409, 'The call does not take submissions or edits now.'), vi.fn());
    expect(screen.getByRole('alert').textContent).toContain('Tähän hakuun ei voi nyt jättää ehdotuksia.');
    expect(screen.queryByRole('button', { name: 'Yritä uudelleen' })).toBeNull();
  });

  it('offers a retry when offline or when the server failed', async () => {
    const retry = vi.fn();
    renderAlert(await offline(), retry);
    expect(screen.getByRole('alert').textContent).toContain('Palveluun ei saatu yhteyttä.');
    await userEvent.click(screen.getByRole('button', { name: 'Yritä uudelleen' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('never shows a bare status: an unknown 5xx reads as a server error', async () => {
    renderAlert(await badGateway(), vi.fn());
    const text = screen.getByRole('alert').textContent ?? '';
    expect(text).toContain('Palvelussa tapahtui virhe.');
    expect(text).not.toContain('502');
    expect(screen.getByRole('button', { name: 'Yritä uudelleen' })).toBeTruthy();
  });
});

describe('ProblemAlert titles', () => {
  const title = (error: unknown) => {
    const { container, unmount } = renderAlert(error);
    const text = container.textContent ?? '';
    unmount();
    return text;
  };

  it('title each error by its kind, not always "Something went wrong"', async () => {
    expect(title(new ApiProblem('invalid_credentials', 401, 'x'))).toContain('Kirjautuminen ei onnistunut');
    expect(title(new ApiProblem('not_found', 404, 'x'))).toContain('Ei löytynyt');
    expect(title(new ApiProblem('role_required', 403, 'x'))).toContain('Ei käyttöoikeutta');
    expect(title(new ApiProblem('slug_taken', 409, 'x'))).toContain('Toimintoa ei voi tehdä');
    expect(title(new ApiProblem('login_locked', 429, 'x'))).toContain('Liian monta yritystä');
    expect(title(new ApiProblem('session_ended', 401, 'x'))).toContain('Kirjautuminen tarvitaan');
    expect(title(new ApiProblem('validation_failed', 422, 'x'))).toContain('Tarkista tiedot');
    expect(title(new ApiProblem('database_unavailable', 503, 'x'))).toContain('Palvelu ei ole käytettävissä');
    expect(title(await offline())).toContain('Ei yhteyttä palveluun');
    expect(title(new ApiProblem('not_found', 404, 'x'))).not.toContain('Jokin meni vikaan');
    // Only an unknown failure keeps the generic title.
    expect(title(new ApiProblem('internal', 500, 'x'))).toContain('Jokin meni vikaan');
  });
});
