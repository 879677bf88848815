/**
 * The pilots' schemas as the contract (issue 12) states them. Written here until the pilots
 * endpoints land in `openapi/openapi.json`; then they become aliases of the generated ones.
 */
import type { Language, OrganisationRef, Texts, UserRef } from '@/lib/types';

export const pilotStatusValues = ['planned', 'running', 'evaluating', 'completed', 'cancelled'] as const;
export type PilotStatus = (typeof pilotStatusValues)[number];

/** An admin-written text in Finnish, with Swedish and English where given (a call's title). */
export type LocalText = Texts;

export interface PilotSummary {
  id: string;
  title: string;
  status: PilotStatus;
  owner_organisation: OrganisationRef;
  partner_organisations: OrganisationRef[];
  call: { id: string; slug: string; title: LocalText } | null;
  starts_on: string;
  ends_on: string | null;
  updates: number;
  last_update_on: string | null;
  has_lessons: boolean;
  followers: number;
}

export interface PilotLessons {
  worked: string;
  worked_html: string;
  not_worked: string;
  not_worked_html: string;
  recommendations: string;
  recommendations_html: string;
  published_at: string;
}

export interface Pilot extends PilotSummary {
  goal: string;
  goal_html: string;
  language: Language;
  contact: { name: string; email: string | null };
  proposals: { id: string; number: number; title: string; call_id: string; author: UserRef }[];
  credited: UserRef[];
  team: UserRef[];
  lessons: PilotLessons | null;
  created_at: string;
  updated_at: string;
  viewer: { following: boolean; can_edit: boolean; can_post: boolean };
}

export interface PilotPage {
  items: PilotSummary[];
  next_cursor: string | null;
  total: number;
}

export interface PilotUpdate {
  id: string;
  happened_on: string;
  title: string;
  body: string;
  body_html: string;
  author: UserRef | null;
  created_at: string;
}

export interface PilotUpdatePage {
  items: PilotUpdate[];
  next_cursor: string | null;
}

export interface PilotFilters {
  status?: PilotStatus;
  organisation_id?: string;
  call_id?: string;
  year?: number;
}

export interface CreatePilotRequest {
  proposal_ids: string[];
  title: string;
  goal: string;
  language: Language;
  owner_organisation_id: string;
  partner_organisation_ids: string[];
  contact_name: string;
  contact_email?: string;
  starts_on: string;
  ends_on?: string;
  status: PilotStatus;
  team_user_ids: string[];
}

export type PatchPilotRequest = Partial<Omit<CreatePilotRequest, 'contact_email' | 'ends_on'>> & {
  contact_email?: string | null;
  ends_on?: string | null;
};

export interface NewPilotUpdate {
  happened_on: string;
  title: string;
  body: string;
}

export interface LessonsRequest {
  worked: string;
  not_worked: string;
  recommendations: string;
}

/** What the proposal view says of its pilot. */
export type ProposalPilot = { id: string; title: string; status: PilotStatus } | null;

/** Longest texts, as the contract limits them (in characters). */
export const PILOT_LIMITS = { title: 200, goal: 10000, contact_name: 200, contact_email: 254, body: 10000, lessons: 10000 } as const;
