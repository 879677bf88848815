/** Short names for the evaluation and results API's bodies, taken from their operations. */
import type { Body, Reply } from './eval-contract';

export type CriteriaList = Reply<'/api/v1/calls/{id}/criteria', 'get'>;
export type Criterion = CriteriaList['items'][number];
export type CriteriaBody = Body<'/api/v1/calls/{id}/criteria', 'put'>;
export type CriterionInput = CriteriaBody['criteria'][number];
export type Evaluator = Reply<'/api/v1/calls/{id}/evaluators', 'get'>['items'][number];
export type MyEvaluation = Reply<'/api/v1/me/evaluations', 'get'>['items'][number];
export type Reviews = Reply<'/api/v1/proposals/{id}/reviews', 'get'>;
export type Review = Reviews['others'][number];
export type ReviewBody = Body<'/api/v1/proposals/{id}/reviews/mine', 'put'>;
export type Recommendation = NonNullable<Review['recommendation']>;
export type Ranking = Reply<'/api/v1/calls/{id}/ranking', 'get'>;
export type RankingItem = Ranking['items'][number];
export type Progress = Reply<'/api/v1/calls/{id}/review-progress', 'get'>;
export type Decision = Reply<'/api/v1/proposals/{id}/decision', 'put'>;
export type DecisionBody = Body<'/api/v1/proposals/{id}/decision', 'put'>;
export type DecisionStage = Decision['stage'];
export type Decisions = Reply<'/api/v1/calls/{id}/decisions', 'get'>;
export type DecisionItem = Decisions['items'][number];
export type Published = Reply<'/api/v1/calls/{id}/results', 'post'>;
export type Merged = Reply<'/api/v1/proposals/{id}/merge', 'post'>;
export type RankingSort = 'score' | 'thumbs' | 'comments' | 'spread' | 'number';

/** The values in the order screens list them. */
export const recommendationValues: readonly Recommendation[] = ['shortlist', 'maybe', 'reject'];
export const decisionStageValues: readonly DecisionStage[] = ['selected', 'shortlisted', 'not_selected'];
export const rankingSortValues: readonly RankingSort[] = ['score', 'spread', 'thumbs', 'comments', 'number'];
/** The scores a criterion takes (`SCORE_MIN`–`SCORE_MAX` of the domain). */
export const SCORES = [1, 2, 3, 4, 5] as const;
/** A spread of this much on a criterion flags disagreement. */
export const DISAGREEMENT_SPREAD = 2;
