import type { Me } from '@/lib/auth';

/** Whether the user runs calls as a call manager (of a call, or of an organisation's calls). */
export function managesCalls(me: Me | null | undefined): boolean {
  return !!me && (me.manages.call_ids.length > 0 || me.manages.organisation_ids.length > 0);
}

/** Whether the user may create calls: admins, and managers of an organisation's calls. */
export function mayCreateCalls(me: Me | null | undefined, isAdmin: boolean): boolean {
  return isAdmin || (!!me && me.manages.organisation_ids.length > 0);
}
