/** `GET /calls/{id}/stats` as the contract (issue 12) states it, until the schema has it. */
import type { OrganisationRef } from '@/lib/types';

export interface CallStats {
  proposals: number;
  participants: number;
  thumbs: number;
  comments: number;
  cross_administrative: { proposals: number; share: number };
  per_day: { date: string; proposals: number; thumbs: number; comments: number }[];
  per_theme: {
    theme: { id: string; name: { fi: string; sv: string | null; en: string | null } } | null;
    proposals: number;
    thumbs: number;
  }[];
  per_organisation: { organisation: OrganisationRef; proposals: number; participants: number }[];
}
