import { describe, expect, it } from 'vitest';
import { errorMessage, fieldErrorMessage, problemMessage } from '@/components/problem-message';
import en from '@/locales/en.json';
import fi from '@/locales/fi.json';
import sv from '@/locales/sv.json';
import i18n, { setLanguage } from './i18n';
import { ApiProblem, call, type ErrorCode, fieldErrorMap, parseRetryAfter } from './problem';
import { HttpResponse } from 'msw';
import { PROBLEM_JSON, http, server } from '@/test/api-mock';
import { api } from './api-client';

const problemBody = (status: number, code: ErrorCode, errors?: unknown[]) => ({
  type: 'about:blank',
  title: 'x',
  status,
  detail: 'English detail',
  code,
  ...(errors ? { errors } : {}),
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');

  it('reads a number of seconds', () => {
    expect(parseRetryAfter('60', now)).toBe(60);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the seconds until then, rounded up and never negative', () => {
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:45 GMT', now)).toBe(45);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:01 GMT', now + 300)).toBe(1);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('finds nothing in a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('ApiProblem', () => {
  it('keeps the Retry-After of a refusal to send again', () => {
    const p = ApiProblem.from(
      problemBody(429, 'email_recently_sent'),
      new Response(null, { status: 429, headers: { 'Retry-After': '42' } }),
    );
    expect(p.code).toBe('email_recently_sent');
    expect(p.retryAfter).toBe(42);
    expect(ApiProblem.from(problemBody(409, 'email_taken'), new Response(null, { status: 409 })).retryAfter).toBeNull();
  });

  it('keeps the code, status and field errors of a problem+json body', () => {
    const p = ApiProblem.from(
      problemBody(422, 'validation_failed', [{ field: 'title', code: 'length', message: 'm' }]),
      new Response(null, { status: 422 }),
    );
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
      http.patch('/api/v1/proposals/{id}', ({ response }) =>
        response(409).json({ type: 'about:blank', title: 'x', status: 409, detail: 'English detail', code: 'call_not_open' }, PROBLEM_JSON),
      ),
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
    // A code from a newer server than this client.
    const newer = 'no_such_code_yet' as ErrorCode;
    expect(problemMessage(i18n.t, newer)).toBe(fi.errors.unknown);
    expect(problemMessage(i18n.t, newer, 503)).toBe(fi.errors.internal);
    expect(errorMessage(i18n.t, new ApiProblem('email_taken', 409, 'x'))).toBe(fi.errors.email_taken);
    await setLanguage('sv');
    expect(problemMessage(i18n.t, 'own_proposal')).toBe(sv.errors.own_proposal);
    await setLanguage('en');
    expect(problemMessage(i18n.t, 'call_not_open')).toBe(en.errors.call_not_open);
    await setLanguage('fi');
  });

  it('say that an empty field is required, and state the limits of a length or range error', async () => {
    const fe = (code: ErrorCode, min?: number, max?: number) => ({ field: 'f', code, message: 'm', min, max });
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

  // That every code of the contract has a text in fi, sv and en is checked by the type checker
  // (`ErrorTexts` in problem-message.ts); these are the codes that lacked one before.
  it('say what to do about a control character, an unknown field, a wrong type or method', async () => {
    const fe = (code: ErrorCode) => ({ field: 'f', code, message: 'm' });
    await setLanguage('fi');
    expect(fieldErrorMessage(i18n.t, fe('control_character'))).toBe(fi.errors.control_character);
    expect(fieldErrorMessage(i18n.t, fe('unknown_field'))).toBe(fi.errors.unknown_field);
    expect(fieldErrorMessage(i18n.t, fe('invalid_type'))).toBe(fi.errors.invalid_type);
    expect(fi.errors.control_character).not.toBe(fi.errors.invalid_field);
    expect(errorMessage(i18n.t, new ApiProblem('method_not_allowed', 405, 'x'))).toBe(fi.errors.method_not_allowed);
    await setLanguage('sv');
    expect(fieldErrorMessage(i18n.t, fe('control_character'))).toBe(sv.errors.control_character);
    await setLanguage('en');
    expect(fieldErrorMessage(i18n.t, fe('unknown_field'))).toBe(en.errors.unknown_field);
    await setLanguage('fi');
  });
});
