import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage, fieldErrorMessage, problemMessage } from '@/components/problem-message';
import en from '@/locales/en.json';
import fi from '@/locales/fi.json';
import sv from '@/locales/sv.json';
import i18n, { setLanguage } from './i18n';
import { ApiProblem, call, fieldErrorMap } from './problem';
import { HttpResponse } from 'msw';
import { PROBLEM_JSON, http, server } from '@/test/api-mock';
import { api } from './api-client';

const problemBody = (status: number, code: string, errors?: unknown[]) => ({
  type: 'about:blank',
  title: 'x',
  status,
  detail: 'English detail',
  code,
  ...(errors ? { errors } : {}),
});

/** Every error code the contract names: the backticked snake_case words of its error responses. */
function contractCodes(): string[] {
  const doc = JSON.parse(readFileSync(join(__dirname, '../../../openapi/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { description?: string; responses: Record<string, { description?: string }> }>>;
  };
  const codes = new Set<string>();
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) {
      const texts = [op.description ?? '', ...Object.entries(op.responses).filter(([s]) => Number(s) >= 400).map(([, r]) => r.description ?? '')];
      for (const text of texts) for (const m of text.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)) codes.add(m[1] as string);
    }
  }
  // Words in descriptions that are not error codes (field and parameter names).
  for (const notACode of ['access_token', 'next_cursor', 'most_commented', 'parent_id', 'refresh_token', 'current_password', 'known_client_token']) codes.delete(notACode);
  return [...codes].sort();
}

/** Codes the server's error module can send besides those the contract lists per operation. */
const SERVER_CODES = ['not_found', 'internal', 'invalid_token', 'token_expired', 'malformed_json', 'unsupported_media_type', 'payload_too_large', 'database_unavailable', 'unauthenticated', 'validation_failed'];

describe('ApiProblem', () => {
  it('keeps the code, status and field errors of a problem+json body', () => {
    const p = ApiProblem.from(problemBody(422, 'validation_failed', [{ field: 'title', code: 'length', message: 'm' }]), new Response(null, { status: 422 }));
    expect(p.code).toBe('validation_failed');
    expect(p.status).toBe(422);
    expect(fieldErrorMap(p)).toEqual({ title: { field: 'title', code: 'length', message: 'm' } });
    expect(p.retryable).toBe(false);
  });

  it('passes a field error’s limits through, and only whole numbers', () => {
    const p = ApiProblem.from(
      problemBody(422, 'validation_failed', [
        { field: 'title', code: 'length', message: 'm', min: 5, max: 140 },
        { field: 'limit', code: 'range', message: 'm', min: '1', max: 1.5 },
      ]),
      new Response(null, { status: 422 }),
    );
    expect(fieldErrorMap(p)).toEqual({
      title: { field: 'title', code: 'length', message: 'm', min: 5, max: 140 },
      limit: { field: 'limit', code: 'range', message: 'm' },
    });
  });

  it('turns a body without a code into `internal` (5xx, retryable) or `unknown`', () => {
    const down = ApiProblem.from('<html>Bad gateway</html>', new Response(null, { status: 502 }));
    expect(down.code).toBe('internal');
    expect(down.retryable).toBe(true);
    expect(ApiProblem.from(undefined, new Response(null, { status: 418 })).code).toBe('unknown');
  });

  it('`call` checks the error before the data and wraps network failures', async () => {
    server.use(
      http.patch('/api/v1/proposals/{id}', ({ response }) => response(409).json({ type: 'about:blank', title: 'x', status: 409, detail: 'English detail', code: 'call_not_open' }, PROBLEM_JSON)),
      http.post('/api/v1/notifications/read-all', ({ response }) => response(200).json({ marked: 1 })),
      http.get('/api/v1/me', () => HttpResponse.error()),
    );
    await expect(call(() => api.PATCH('/api/v1/proposals/{id}', { params: { path: { id: 'p1' } }, body: {} }))).rejects.toMatchObject({
      code: 'call_not_open',
      status: 409,
    });
    await expect(call(() => api.POST('/api/v1/notifications/read-all'))).resolves.toEqual({ marked: 1 });
    const offline = call(() => api.GET('/api/v1/me'));
    await expect(offline).rejects.toMatchObject({ code: 'network', status: 0, retryable: true });
  });
});

describe('error messages', () => {
  it('are chosen by code in the reader’s language, with a generic fallback', async () => {
    await setLanguage('fi');
    expect(problemMessage(i18n.t, 'own_proposal')).toBe('Omaa ehdotusta ei voi peukuttaa.');
    expect(problemMessage(i18n.t, 'no_such_code_yet')).toBe(fi.errors.unknown);
    expect(problemMessage(i18n.t, 'no_such_code_yet', 503)).toBe(fi.errors.internal);
    expect(errorMessage(i18n.t, new ApiProblem('email_taken', 409, 'x'))).toBe(fi.errors.email_taken);
    await setLanguage('sv');
    expect(problemMessage(i18n.t, 'own_proposal')).toBe(sv.errors.own_proposal);
    await setLanguage('en');
    expect(problemMessage(i18n.t, 'call_not_open')).toBe(en.errors.call_not_open);
    await setLanguage('fi');
  });

  it('say that an empty field is required, and state the limits of a length or range error', async () => {
    const fe = (code: string, min?: number, max?: number) => ({ field: 'f', code, message: 'm', min, max });
    await setLanguage('fi');
    expect(fieldErrorMessage(i18n.t, fe('required'))).toBe('Täytä tämä kenttä.');
    expect(fieldErrorMessage(i18n.t, fe('length', 5, 140))).toBe('Kirjoita 5–140 merkkiä.');
    expect(fieldErrorMessage(i18n.t, fe('length', 12))).toBe('Kirjoita vähintään 12 merkkiä.');
    expect(fieldErrorMessage(i18n.t, fe('length', undefined, 10000))).toBe('Kirjoita enintään 10\u00a0000 merkkiä.');
    expect(fieldErrorMessage(i18n.t, fe('range', 1, 100))).toBe('Anna luku väliltä 1–100.');
    expect(fieldErrorMessage(i18n.t, fe('length'))).toBe(fi.errors.length);
    await setLanguage('sv');
    expect(fieldErrorMessage(i18n.t, fe('required'))).toBe('Fyll i det här fältet.');
    expect(fieldErrorMessage(i18n.t, fe('length', 5, 140))).toBe('Skriv 5–140 tecken.');
    expect(fieldErrorMessage(i18n.t, fe('length', 12))).toBe('Skriv minst 12 tecken.');
    expect(fieldErrorMessage(i18n.t, fe('range', 1, 100))).toBe('Ange ett tal mellan 1 och 100.');
    await setLanguage('en');
    expect(fieldErrorMessage(i18n.t, fe('length', 5, 140))).toBe('Write 5–140 characters.');
    expect(fieldErrorMessage(i18n.t, fe('required'))).toBe('Please fill in this field.');
    await setLanguage('fi');
  });

  it('exist for every code in the contract and the server, in fi, sv and en', () => {
    const codes = [...contractCodes(), ...SERVER_CODES];
    expect(codes.length).toBeGreaterThan(40);
    for (const [lang, catalogue] of Object.entries({ fi, sv, en })) {
      const missing = codes.filter((c) => !(c in catalogue.errors));
      expect(missing, `errors.<code> missing in ${lang}`).toEqual([]);
    }
  });

});
