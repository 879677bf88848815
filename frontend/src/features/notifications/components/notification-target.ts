/**
 * Where a notification of evaluation or pilots leads and what it says. These kinds carry their
 * particulars in `data` (issue 12): the decision's stage, the merged proposals' numbers, the
 * pilot's id and title.
 */
import type { components } from '@/lib/api/schema';
import type { Notification } from '@/lib/types';

/** The `data` of the kinds of issue 12: the pilot, the decided stage, or the merged proposals. */
export type NotificationData = components['schemas']['NotificationData'];

const STAGES = ['shortlisted', 'selected', 'not_selected'] as const;
type DecidedStage = (typeof STAGES)[number];

export type Target =
  | { key: 'decision'; stage: DecidedStage | null; to: string | null }
  | { key: 'merged'; sourceNumber: number | null; targetNumber: number | null; to: string | null }
  | { key: 'pilot_created' | 'pilot_update' | 'pilot_lessons'; pilotTitle: string; to: string | null }
  | { key: 'coauthor_invited' | 'coauthor_removed'; to: string | null }
  | { key: 'coauthor_answered'; accepted: boolean; to: string | null }
  | {
      key: 'call_news';
      callTitle: NotificationData['call_title'] | null;
      newsTitle: NotificationData['news_title'] | null;
      to: string | null;
    }
  | { key: 'followed_decision'; stage: DecidedStage | null; to: string | null }
  | { key: 'interest'; onBehalf: boolean; to: string | null };

export function notificationData(n: Notification): NotificationData {
  return n.data ?? {};
}

/** The link and text of a notification of issue 12's kinds; null for the older kinds. */
export function notificationTarget(n: Notification): Target | null {
  const d = notificationData(n);
  const proposal = n.proposal_id ? `/proposals/${n.proposal_id}` : null;
  switch (n.kind) {
    case 'decision_published':
      return { key: 'decision', stage: STAGES.find((s) => s === d.stage) ?? null, to: proposal };
    case 'followed_decision':
      return { key: 'followed_decision', stage: STAGES.find((s) => s === d.stage) ?? null, to: proposal };
    case 'interest_declared':
      return { key: 'interest', onBehalf: d.on_behalf === true, to: proposal ? `${proposal}#interests` : null };
    case 'proposal_merged':
      return {
        key: 'merged',
        sourceNumber: d.source_number ?? null,
        targetNumber: d.target_number ?? null,
        to: d.target_id ? `/proposals/${d.target_id}` : proposal,
      };
    case 'pilot_created':
    case 'pilot_update':
    case 'pilot_lessons': {
      const base = d.pilot_id ? `/pilots/${d.pilot_id}` : null;
      const anchor = n.kind === 'pilot_update' ? '#pilot-updates' : n.kind === 'pilot_lessons' ? '#pilot-lessons' : '';
      return { key: n.kind, pilotTitle: d.pilot_title ?? '', to: base ? base + anchor : proposal };
    }
    // An invitation is answered on the invitations page.
    case 'coauthor_invited':
      return { key: 'coauthor_invited', to: '/invitations' };
    case 'coauthor_answered':
      return { key: 'coauthor_answered', accepted: d.accepted === true, to: proposal };
    case 'coauthor_removed':
      return { key: 'coauthor_removed', to: proposal };
    case 'call_news':
      return {
        key: 'call_news',
        callTitle: d.call_title ?? null,
        newsTitle: d.news_title ?? null,
        to: d.call_slug ? `/calls/${d.call_slug}#call-news` : n.call_id ? `/calls/${n.call_id}#call-news` : null,
      };
    default:
      return null;
  }
}
