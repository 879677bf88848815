/**
 * INTERIM (issue 11): the personal-data API, written by hand from the agreed contract
 * (/work/briefs/common.md) until the backend is merged and `npm run generate:api` brings it;
 * then `interimApi` becomes the typed `api` and these become `components['schemas'][…]`.
 */
import type { Client } from 'openapi-fetch';
import { api } from '@/lib/api-client';

export interface DeleteMeRequest {
  password: string;
}

type Op = {
  parameters: { query?: Record<string, unknown> };
  requestBody?: { content: { 'application/json': unknown } };
  responses: { 200: { content: { 'application/json': unknown } }; 204: { content?: never } };
};
type LoosePaths = Record<string, { get: Op; delete: Op }>;

/** The shared client (its auth middleware included) for paths the generated contract lacks yet. */
export const interimApi = api as unknown as Client<LoosePaths>;
