/**
 * The evaluation and results API (issue 12) as the shared contract describes it, typed here by
 * hand until the backend lands and `npm run generate:api` writes it into `./api/schema.ts`.
 * Every type the screens use is taken from a path's operation (`Body`, `Reply`), never from a
 * schema's name, so that the switch to the generated `paths` changes this file only.
 */
import type { Client } from 'openapi-fetch';
import { api } from './api-client';
import type { components, paths } from './api/schema';

type S = components['schemas'];
type LocalText = S['FinnishRequiredText'];
type Json<T> = { content: { 'application/json': T } };
type Problem = { headers: Record<string, unknown>; content: { 'application/problem+json': S['Problem'] } };
type Errors = { 400: Problem; 401: Problem; 403: Problem; 404: Problem; 409: Problem; 422: Problem };
interface Op<Path, Query, B, R> {
  parameters: { query?: Query; header?: never; path: Path; cookie?: never };
  requestBody: B extends null ? never : Json<B>;
  responses: { 200: { headers: Record<string, unknown> } & Json<R>; 201: { headers: Record<string, unknown> } & Json<R> } & Errors;
}
interface OpNoBody<Path, Query, R> {
  parameters: { query?: Query; header?: never; path: Path; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: Record<string, unknown> } & Json<R> } & Errors;
}
interface OpEmpty<Path> {
  parameters: { query?: never; header?: never; path: Path; cookie?: never };
  requestBody?: never;
  responses: { 204: { headers: Record<string, unknown>; content?: never } } & Errors;
}
type Id = { id: string };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };

type Criterion = { id: string; name: LocalText; description: LocalText; weight: number; position: number };
type Criteria = { items: Criterion[]; locked: boolean };
type CriteriaBody = {
  criteria: {
    id?: string;
    name: { fi: string; sv?: string | null; en?: string | null };
    description: { fi: string; sv?: string | null; en?: string | null };
    weight: number;
  }[];
};
type Evaluator = {
  user: S['UserRef'];
  organisation: S['OrganisationRef'] | null;
  assigned_at: string;
  submitted: number;
  drafts: number;
  conflicts: number;
};
type MyEvaluation = {
  call: { id: string; slug: string; title: LocalText; phase: S['Phase'] };
  proposals: number;
  submitted: number;
  drafts: number;
  conflicts: number;
  reviews_open: boolean;
};
type Recommendation = 'shortlist' | 'maybe' | 'reject';
type Review = {
  id: string;
  evaluator: S['UserRef'];
  status: 'draft' | 'submitted';
  recommendation: Recommendation | null;
  note: string | null;
  scores: { criterion_id: string; score: number }[];
  weighted_score: number | null;
  updated_at: string;
  submitted_at: string | null;
};
type Reviews = {
  criteria: Criterion[];
  mine: Review | null;
  others: Review[];
  others_hidden: boolean;
  conflict: { reason: string | null; declared_at: string } | null;
  can_review: boolean;
  review_refusal: S['ErrorCode'] | null;
};
type ReviewBody = { scores: { criterion_id: string; score: number }[]; recommendation?: Recommendation | null; note?: string | null };
type DecisionStage = 'shortlisted' | 'selected' | 'not_selected';
type Answer = { fi: string | null; sv: string | null; en: string | null };
type RankingItem = {
  proposal: {
    id: string;
    number: number;
    title: string;
    stage: S['Stage'];
    visibility: S['Visibility'];
    author: S['UserRef'];
    organisations: S['OrganisationRef'][];
    theme_id: string | null;
  };
  review_count: number;
  missing_reviews: number;
  score: number | null;
  spread: number | null;
  disagreement: boolean;
  criteria: { criterion_id: string; mean: number; min: number; max: number }[];
  recommendations: { shortlist: number; maybe: number; reject: number } | null;
  thumbs: number;
  comments: number;
  decision: { stage: DecisionStage; answer: Answer } | null;
  scores_hidden: boolean;
  my_review: 'draft' | 'submitted' | 'conflict' | null;
};
type RankingSort = 'score' | 'thumbs' | 'comments' | 'spread' | 'number';
type Ranking = { items: RankingItem[]; next_cursor: string | null; total: number; evaluators: number };
type Progress = {
  proposals: number;
  fully_reviewed: number;
  without_reviews: number;
  evaluators: { user: S['UserRef']; submitted: number; drafts: number; conflicts: number; remaining: number }[];
};
type Page = { limit?: number; cursor?: string };

/** The paths of the contract that `./api/schema.ts` does not have yet. */
export interface EvalPaths {
  '/api/v1/calls/{id}/criteria': NoParams & { get: OpNoBody<Id, never, Criteria>; put: Op<Id, never, CriteriaBody, Criteria> };
  '/api/v1/calls/{id}/evaluators': NoParams & { get: OpNoBody<Id, never, { items: Evaluator[] }> };
  '/api/v1/calls/{id}/evaluators/{user_id}': NoParams & {
    put: {
      parameters: { path: { id: string; user_id: string } };
      requestBody?: never;
      responses: Op<Id, never, null, Evaluator>['responses'];
    };
    delete: OpEmpty<{ id: string; user_id: string }>;
  };
  '/api/v1/me/evaluations': NoParams & {
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: OpNoBody<never, never, { items: MyEvaluation[] }>['responses'];
    };
  };
  '/api/v1/proposals/{id}/conflict': NoParams & {
    put: { parameters: { path: Id }; requestBody: Json<{ reason?: string | null }>; responses: OpEmpty<Id>['responses'] };
    delete: OpEmpty<Id>;
  };
  '/api/v1/proposals/{id}/reviews': NoParams & { get: OpNoBody<Id, never, Reviews> };
  '/api/v1/proposals/{id}/reviews/mine': NoParams & { put: Op<Id, never, ReviewBody, Review> };
  '/api/v1/proposals/{id}/reviews/mine/submit': NoParams & { post: OpNoBody<Id, never, Review> };
  '/api/v1/calls/{id}/ranking': NoParams & { get: OpNoBody<Id, Page & { sort?: RankingSort }, Ranking> };
  '/api/v1/calls/{id}/review-progress': NoParams & { get: OpNoBody<Id, never, Progress> };
  '/api/v1/calls/{id}/export': NoParams & { get: OpNoBody<Id, { format?: 'csv' | 'json' }, unknown> };
}

export type AllPaths = paths & EvalPaths;

/** The one API client, typed with the evaluation paths as well (the same instance as `api`). */
export const evalApi = api as unknown as Client<AllPaths>;

type Method = 'get' | 'put' | 'post' | 'delete';
type OpOf<P extends keyof AllPaths, M extends Method> = AllPaths[P] extends Record<M, infer O> ? O : never;
/** The JSON body an operation answers with on success. */
export type Reply<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;
/** The JSON body an operation takes. */
export type Body<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
