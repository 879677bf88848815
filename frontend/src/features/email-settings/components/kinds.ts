import type { NotificationKind } from '@/lib/types';

/** The kinds of notification in groups a reader recognises, in the order they are shown. */
export const KIND_GROUPS = ['comments', 'checks', 'outcomes', 'pilots', 'coauthors', 'follows'] as const;
export type KindGroup = (typeof KIND_GROUPS)[number];

/**
 * Each kind's group. A `Record` over the contract's kinds, so that a kind the server adds fails
 * `npm run typecheck` until it has a place (and, through the catalogues, a name).
 */
export const KIND_GROUP: Record<NotificationKind, KindGroup> = {
  comment_on_proposal: 'comments',
  reply_to_comment: 'comments',
  interest_declared: 'comments',
  proposal_approved: 'checks',
  proposal_rejected: 'checks',
  content_hidden: 'checks',
  content_restored: 'checks',
  appeal_decided: 'checks',
  decision_published: 'outcomes',
  proposal_merged: 'outcomes',
  pilot_created: 'outcomes',
  proposal_revised: 'follows',
  followed_comment: 'follows',
  followed_decision: 'follows',
  pilot_update: 'pilots',
  pilot_lessons: 'pilots',
  coauthor_invited: 'coauthors',
  coauthor_answered: 'coauthors',
  coauthor_removed: 'coauthors',
  call_news: 'follows',
};

/** The kinds of a group in the order of `KIND_GROUP`, among those given. */
export function kindsOf(group: KindGroup, kinds: readonly NotificationKind[]): NotificationKind[] {
  const order = Object.keys(KIND_GROUP) as NotificationKind[];
  return order.filter((k) => KIND_GROUP[k] === group && kinds.includes(k));
}
