import { lazy, Suspense } from 'react';
import { useLocation } from 'react-router';
import { useUser } from '@/lib/auth';
import { LEGAL_PATHS } from '@/lib/legal';

const AcceptDialog = lazy(() => import('./accept-dialog'));

/** Where the dialog stays away: the pages it links to, and the profile (to delete the account). */
const OPEN_PATHS = [...Object.values(LEGAL_PATHS), '/profile'];

/**
 * After sign-in, while the server says the user has not accepted the current terms of use or
 * privacy notice (`Me.must_accept`), a modal dialog asks them to: the pages open in a new tab,
 * and the choice is to accept or to sign out. It is not shown on the legal pages themselves and
 * on the profile, where the account can be deleted instead.
 */
export function AcceptLegalDialog() {
  const user = useUser();
  const location = useLocation();
  const pending = user?.must_accept ?? [];
  if (pending.length === 0 || OPEN_PATHS.includes(location.pathname)) return null;
  return (
    <Suspense fallback={null}>
      <AcceptDialog pending={pending} />
    </Suspense>
  );
}
