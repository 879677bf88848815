/** Short names for the moderation API's schemas (generated from the contract). */
import type { components, operations } from '@/lib/api/schema';

type S = components['schemas'];
export type ContentRef = S['ReportTarget'];
export type CreateReportRequest = S['CreateReportRequest'];
export type Report = S['Report'];
export type QueueTarget = S['QueueTarget'];
export type QueueReport = S['QueueReport'];
export type QueueAppeal = S['QueueAppeal'];
export type QueueItem = S['QueueItem'];
export type ModerationQueuePage = S['ModerationQueuePage'];
export type ModerationActionRequest = S['ModerationActionRequest'];
export type ModerationLogEntry = S['ModerationLogEntry'];
export type ModerationLogPage = S['ModerationLogPage'];
export type Appeal = S['Appeal'];
export type AppealDecisionRequest = S['AppealDecisionRequest'];
export type ModerationHistoryEntry = S['HistoryItem'];
export type ModerationHistory = S['ModerationHistory'];

type QueueQuery = NonNullable<operations['moderation_queue']['parameters']['query']>;
type LogQuery = NonNullable<operations['list_log']['parameters']['query']>;
export type QueueFilters = Pick<QueueQuery, 'call_id' | 'kind'>;
export type LogFilters = Omit<LogQuery, 'limit' | 'cursor'>;
