/** Short names for the contract's schemas (generated, never hand-written). */
import type { components } from './api/schema';

type S = components['schemas'];
export type Call = S['Call'];
export type Phase = S['Phase'];
export type Theme = S['Theme'];
export type Texts = S['FinnishRequiredText'];
export type Role = S['Role'];
export type UserAdmin = S['UserAdmin'];
export type OrganisationRef = S['OrganisationRef'];
export type Stage = S['Stage'];
export type Language = S['Language'];
export type ModerationMode = S['ModerationMode'];
export type ProposalSort = S['ProposalSort'];
export type Visibility = S['Visibility'];
export type NotificationKind = S['NotificationKind'];

// ---------------------------------------------------------------------------------------------
// INTERIM (issue 11): what the contract gains with the moderation backend, written by hand from
// the agreed API (/work/briefs/common.md) until it is merged and `npm run generate:api` brings
// the generated types; then these become aliases of `S[...]` again.
// ---------------------------------------------------------------------------------------------

export const reportReasonValues = ['spam', 'offensive', 'personal_data', 'off_topic', 'other'] as const;
export type ReportReason = (typeof reportReasonValues)[number];
export const logActionValues = [
  'hide',
  'auto_hide',
  'restore',
  'approve',
  'reject',
  'dismiss_reports',
  'appeal_upheld',
  'appeal_overturned',
  'block',
  'unblock',
  'roles_changed',
  'account_erased',
] as const;
export type LogAction = (typeof logActionValues)[number];
export type ModeratorAction = 'hide' | 'restore' | 'approve' | 'reject' | 'dismiss_reports';
export type AppealOutcome = 'upheld' | 'overturned';
export type AppealStatus = 'open' | 'upheld' | 'overturned';
export type ContentKind = 'proposal' | 'comment';
export type LogTarget = ContentKind | 'user';
export interface UserRef {
  id: string;
  display_name: string;
}
/** Set while hidden or rejected: the tombstone's text, visible to all. */
export interface ContentModeration {
  category: ReportReason;
  public_note: string | null;
}
type Moderated = { moderation?: ContentModeration | null; viewer_can_report?: boolean };
type Erasable<A> = A & { erased?: boolean };

export type Author = Erasable<S['Author']>;
export type CommentAuthor = Erasable<S['CommentAuthor']>;
export type ProposalSummary = Omit<S['ProposalSummary'], 'author'> & Moderated & { author: Author };
export type Proposal = Omit<S['Proposal'], 'author'> & Moderated & { author: Author };
export type ProposalPage = Omit<S['ProposalPage'], 'items'> & { items: ProposalSummary[] };
export type Comment = Omit<S['Comment'], 'author'> & Moderated & { author?: CommentAuthor | null; visibility?: Visibility };
export type CommentThread = Comment & { replies: Comment[] };
export type CommentPage = Omit<S['Page_CommentThread'], 'items'> & { items: CommentThread[] };
export interface NotificationModeration {
  action_id: string;
  action: LogAction;
  category: ReportReason | null;
  reason: string | null;
  outcome: AppealOutcome | null;
}
export type Notification = S['Notification'] & { moderation?: NotificationModeration | null };
