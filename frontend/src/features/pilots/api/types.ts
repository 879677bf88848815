/** Short names for the pilots' schemas of the contract (generated, never hand-written). */
import { pilotStatusValues as generatedStatuses, type components } from '@/lib/api/schema';
import type { Texts } from '@/lib/types';

type S = components['schemas'];
export type PilotStatus = S['PilotStatus'];
export const pilotStatusValues: readonly PilotStatus[] = generatedStatuses;
/** An admin-written text in Finnish, with Swedish and English where given (a call's title). */
export type LocalText = Texts;
export type PilotSummary = S['PilotSummary'];
export type Pilot = S['Pilot'];
export type PilotLessons = S['PilotLessons'];
export type PilotPage = S['PilotPage'];
export type PilotUpdate = S['PilotUpdate'];
export type PilotUpdatePage = S['PilotUpdatePage'];
export type CreatePilotRequest = S['CreatePilotRequest'];
export type PatchPilotRequest = S['UpdatePilotRequest'];
export type NewPilotUpdate = S['CreatePilotUpdateRequest'];
export type LessonsRequest = S['PilotLessonsRequest'];
/** What the proposal view says of its pilot. */
export type ProposalPilot = S['ProposalPilot'];

export interface PilotFilters {
  status?: PilotStatus;
  organisation_id?: string;
  call_id?: string;
  year?: number;
}

/** Longest texts, as the contract limits them (in characters). */
export const PILOT_LIMITS = { title: 200, goal: 10000, contact_name: 200, contact_email: 254, body: 10000, lessons: 10000 } as const;
