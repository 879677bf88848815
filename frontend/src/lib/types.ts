/** Short names for the contract's schemas (generated, never hand-written). */
import type { components } from './api/schema';

type S = components['schemas'];
export type Call = S['Call'];
export type Phase = S['Phase'];
export type Theme = S['Theme'];
export type Texts = S['FinnishRequiredText'];
export type ProposalSummary = S['ProposalSummary'];
export type Proposal = S['Proposal'];
export type ProposalPage = S['ProposalPage'];
export type ProposalSort = S['ProposalSort'];
export type CommentThread = S['CommentThread'];
export type Comment = S['Comment'];
export type Notification = S['Notification'];
export type Role = S['Role'];
export type UserAdmin = S['UserAdmin'];
export type OrganisationRef = S['OrganisationRef'];
export type Stage = S['Stage'];
export type Language = S['Language'];
export type ModerationMode = S['ModerationMode'];
