import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { RefusalNote } from '@/components/refusal-note';
import { managesCalls } from '@/features/call-managers/components/manages';
import { hasRole } from '@/lib/auth';
import { RequireUser } from '../require-user';

/**
 * The admin area: for admins, and for call managers, who see only their calls (the server
 * checks too; this just avoids a dead end).
 */
export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <RequireUser>
      {(me) =>
        hasRole(me, 'admin') || managesCalls(me) ? (
          <div className="admin">
            <nav aria-label={t('admin.nav')} className="subnav">
              <ul>
                <li>
                  <NavLink to="/admin" end className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                    {hasRole(me, 'admin') ? t('admin.calls.title') : t('managers.nav')}
                  </NavLink>
                </li>
                {hasRole(me, 'admin') ? (
                  <>
                    <li>
                      <NavLink to="/admin/users" className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                        {t('admin.users.title')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink
                        to="/admin/organisations"
                        className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}
                      >
                        {t('branches.admin.title')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/legal" className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                        {t('legal.admin.title')}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/managers" className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                        {t('managers.navAdmin')}
                      </NavLink>
                    </li>
                  </>
                ) : null}
              </ul>
            </nav>
            <Outlet />
          </div>
        ) : (
          <RefusalNote code="role_required" />
        )
      }
    </RequireUser>
  );
}
