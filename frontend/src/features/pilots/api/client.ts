/**
 * The requests of endpoints that are in the contract (issue 12) but not yet in the generated
 * schema. The same openapi-fetch client (with its auth middleware), its types stated by the
 * caller; once `npm run generate:api` has the paths, callers use `api` directly.
 */
import { api } from '@/lib/api-client';

type Init = {
  params?: { path?: Record<string, string>; query?: Record<string, string | number | boolean | undefined> };
  body?: unknown;
  signal?: AbortSignal;
};
type Result<T> = Promise<{ data?: T; error?: unknown; response: Response }>;
type Method = <T>(path: string, init?: Init) => Result<T>;

export const contractApi = api as unknown as { GET: Method; POST: Method; PUT: Method; PATCH: Method; DELETE: Method };
