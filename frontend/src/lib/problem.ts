/**
 * What went wrong with a request, as the UI needs it: the server's stable problem `code`
 * (RFC 9457 problem+json), its status, and the field errors of a 422. Network failures and
 * non-JSON answers become problems too (`network`, `unknown`), so screens handle one type.
 */
import type { components } from './api/schema';

/**
 * Every code the server sends, as the contract lists them: the `code` of a problem and of its
 * field errors, and each `*_refusal` of a view.
 */
export type ErrorCode = components['schemas']['ErrorCode'];
/** The codes of the problems the client makes itself: no answer, or one without a code. */
export type ClientCode = 'network' | 'unknown';
/** The code of an {@link ApiProblem}. */
export type ProblemCode = ErrorCode | ClientCode;

export type Problem = components['schemas']['Problem'];
/**
 * One field's problem in a 422. A `length` or `range` error may carry the limits it broke
 * (`min`, `max`, in characters or as numbers), which the messages state.
 */
export type FieldError = components['schemas']['FieldError'] & { min?: number | null; max?: number | null };

/**
 * The seconds a `Retry-After` header asks to wait (RFC 9110: a number of seconds or an HTTP
 * date), rounded up and never negative; null when there is none or it cannot be read.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v);
  // An HTTP date names its day and month (`Tue, 01 Dec 2026 10:00:45 GMT`); Date.parse would
  // also take `-5` for a year.
  const at = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export class ApiProblem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly fieldErrors: FieldError[];
  /** When the server said how long to wait (`Retry-After` on a 429 or 503): the seconds. */
  readonly retryAfter: number | null;

  constructor(code: ProblemCode, status: number, detail: string, fieldErrors: FieldError[] = [], retryAfter: number | null = null) {
    super(detail || code);
    this.name = 'ApiProblem';
    this.code = code;
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.retryAfter = retryAfter;
  }

  /**
   * From an error body and its response; a body without a `code` keeps only the status. A code
   * this client does not know yet (from a newer server) passes through as it is; its text falls
   * back to a generic one.
   */
  static from(body: unknown, response: Response): ApiProblem {
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
    if (isProblem(body)) {
      return new ApiProblem(body.code, response.status, body.detail, (body.errors ?? []).map(fieldError), retryAfter);
    }
    return new ApiProblem(response.status >= 500 ? 'internal' : 'unknown', response.status, response.statusText, [], retryAfter);
  }

  static network(cause: unknown): ApiProblem {
    const p = new ApiProblem('network', 0, cause instanceof Error ? cause.message : 'network error');
    return p;
  }

  /** Worth a retry button: the server or the connection failed, not the request. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.code === 'rate_limited';
  }
}

/** A field error as the UI keeps it: the limits only when they are whole numbers. */
function fieldError(fe: FieldError): FieldError {
  const out: FieldError = { field: fe.field, code: fe.code, message: fe.message };
  if (Number.isInteger(fe.min)) out.min = fe.min;
  if (Number.isInteger(fe.max)) out.max = fe.max;
  return out;
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

export function toProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem('unknown', 0, error instanceof Error ? error.message : String(error));
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Runs an openapi-fetch call and returns its data, or throws an {@link ApiProblem}. Errors are
 * checked before data, so an error never passes as "no data".
 */
export async function call<T>(run: () => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await run();
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    if (e instanceof ApiProblem) throw e;
    throw ApiProblem.network(e);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw ApiProblem.from(result.error, result.response);
  }
  return result.data as T;
}

/** The field errors of a 422 by field path (`title`, `name.fi`); the first one wins. */
export function fieldErrorMap(error: unknown): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  if (!(error instanceof ApiProblem)) return out;
  for (const fe of error.fieldErrors) {
    if (!(fe.field in out)) out[fe.field] = fe;
  }
  return out;
}
