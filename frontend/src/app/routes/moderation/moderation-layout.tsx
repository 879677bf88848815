import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { RefusalNote } from '@/components/refusal-note';
import { hasRole } from '@/lib/auth';
import { RequireUser } from '../require-user';

/** The moderator section: moderators and admins only (the server checks too). */
export default function ModerationLayout() {
  const { t } = useTranslation();
  return (
    <RequireUser>
      {(me) =>
        hasRole(me, 'moderator') || hasRole(me, 'admin') ? (
          <div className="moderation">
            <nav aria-label={t('moderation.nav')} className="subnav">
              <ul>
                <li>
                  <NavLink to="/moderation" end className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                    {t('moderation.queue.title')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/moderation/log" className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                    {t('moderation.log.title')}
                  </NavLink>
                </li>
              </ul>
            </nav>
            <Outlet context={me} />
          </div>
        ) : (
          <RefusalNote code="role_required" />
        )
      }
    </RequireUser>
  );
}
