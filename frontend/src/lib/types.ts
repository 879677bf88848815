/** Short names for the contract's schemas (generated, never hand-written). */
import { logActionValues as generatedLogActions, reportReasonValues as generatedReportReasons, type components } from './api/schema';

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

export type ReportReason = S['ReportReason'];
export const reportReasonValues: readonly ReportReason[] = generatedReportReasons;
export type LogAction = S['LogAction'];
export const logActionValues: readonly LogAction[] = generatedLogActions;
export type ModeratorAction = S['ModeratorAction'];
export type AppealOutcome = S['AppealOutcome'];
export type AppealStatus = S['AppealStatus'];
export type ContentKind = S['ContentKind'];
export type LogTarget = S['LogTarget'];
export type UserRef = S['UserRef'];
/** Set while hidden or rejected: the tombstone's text, visible to all. */
export type ContentModeration = S['ModerationMark'];
export type Author = S['Author'];
export type CommentAuthor = S['CommentAuthor'];
export type ProposalSummary = S['ProposalSummary'];
export type Proposal = S['Proposal'];
export type ProposalPage = S['ProposalPage'];
export type Comment = S['Comment'];
export type CommentThread = S['CommentThread'];
export type CommentPage = S['Page_CommentThread'];
export type Notification = S['Notification'];
export type NotificationModeration = S['NotificationModeration'];
