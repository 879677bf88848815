/**
 * INTERIM (issue 11): the moderation API's shapes, written by hand from the agreed contract
 * (/work/briefs/common.md) until the backend is merged and `npm run generate:api` brings them;
 * then each becomes `components['schemas'][…]` and `interimApi` becomes the typed `api`.
 */
import type { Client } from 'openapi-fetch';
import { api } from '@/lib/api-client';
import type {
  AppealOutcome,
  AppealStatus,
  ContentKind,
  LogAction,
  LogTarget,
  ModeratorAction,
  ReportReason,
  UserRef,
  Visibility,
} from '@/lib/types';

export interface ContentRef {
  kind: ContentKind;
  id: string;
}

export interface CreateReportRequest {
  reason: ReportReason;
  note?: string | null;
}
export interface Report {
  id: string;
  target: ContentRef;
  reason: ReportReason;
  note: string | null;
  status: 'open' | 'upheld' | 'dismissed';
  created_at: string;
}

export interface QueueTarget {
  kind: ContentKind;
  id: string;
  proposal_id: string;
  call_id: string;
  proposal_number: number;
  title: string;
  excerpt: string;
  author: UserRef;
  visibility: Visibility;
  deleted: boolean;
}
export interface QueueReport {
  id: string;
  reason: ReportReason;
  note: string | null;
  reporter: UserRef;
  created_at: string;
}
export interface QueueAppeal {
  id: string;
  action_id: string;
  action: LogAction;
  reason: string | null;
  acted_by: UserRef | null;
  text: string;
  created_at: string;
}
export interface QueueItem {
  kind: 'appeal' | 'reported' | 'pending';
  target: QueueTarget;
  open_reports: number;
  reasons: { reason: ReportReason; count: number }[];
  reports: QueueReport[];
  queued_at: string | null;
  appeal: QueueAppeal | null;
}
export interface ModerationQueuePage {
  items: QueueItem[];
  next_cursor: string | null;
  total: number;
}

export interface ModerationActionRequest {
  target: ContentRef;
  action: ModeratorAction;
  reason: string;
  public_note?: string | null;
  category?: ReportReason | null;
}
export interface ModerationLogEntry {
  id: string;
  action: LogAction;
  actor: UserRef | null;
  target: { kind: LogTarget; id: string };
  call_id: string | null;
  proposal_id: string | null;
  category: ReportReason | null;
  reason: string | null;
  public_note: string | null;
  data: Record<string, unknown>;
  created_at: string;
}
export interface ModerationLogPage {
  items: ModerationLogEntry[];
  next_cursor: string | null;
}

export interface Appeal {
  id: string;
  action_id: string;
  text: string;
  status: AppealStatus;
  created_at: string;
  decided_at: string | null;
  decision_reason: string | null;
}
export interface CreateAppealRequest {
  text: string;
}
export interface AppealDecisionRequest {
  outcome: AppealOutcome;
  reason: string;
}

export interface ModerationHistoryEntry {
  id: string;
  action: LogAction;
  target: ContentRef;
  category: ReportReason | null;
  public_note: string | null;
  created_at: string;
  reason: string | null;
  appeal: null | { status: AppealStatus; decided_at: string | null; decision_reason: string | null };
  viewer_can_appeal: boolean;
}
export interface ModerationHistory {
  items: ModerationHistoryEntry[];
}

export interface QueueFilters {
  call_id?: string;
  kind?: ContentKind;
}
export interface LogFilters {
  target_id?: string;
  actor_id?: string;
  call_id?: string;
  action?: LogAction;
  from?: string;
  to?: string;
}

type Json<T> = { content: { 'application/json': T } };
type Op = {
  parameters: { query?: Record<string, unknown>; path?: Record<string, string> };
  requestBody?: Json<unknown>;
  responses: { 200: Json<unknown>; 201: Json<unknown> };
};
type LoosePaths = Record<string, { get: Op; post: Op; delete: Op }>;

/** The shared client (its auth middleware included) for paths the generated contract lacks yet. */
export const interimApi = api as unknown as Client<LoosePaths>;
