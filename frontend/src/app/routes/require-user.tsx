import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '@/components/loading';
import { useUser, type Me } from '@/lib/auth';

/** Pages for signed-in users: visitors go to the login page and come back after. */
export function RequireUser({ children }: { children: (me: Me) => ReactNode }) {
  const user = useUser();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children(user)}</>;
}
