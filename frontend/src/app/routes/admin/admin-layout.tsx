import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { RefusalNote } from '@/components/refusal-note';
import { hasRole } from '@/lib/auth';
import { RequireUser } from '../require-user';

/** The admin area: only for admins (the server checks too; this just avoids a dead end). */
export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <RequireUser>
      {(me) =>
        hasRole(me, 'admin') ? (
          <div className="admin">
            <nav aria-label={t('admin.nav')} className="subnav">
              <ul>
                <li>
                  <NavLink to="/admin" end className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                    {t('admin.calls.title')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/users" className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                    {t('admin.users.title')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/organisations" className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                    {t('branches.admin.title')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/legal" className={({ isActive }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`}>
                    {t('legal.admin.title')}
                  </NavLink>
                </li>
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
