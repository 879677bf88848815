import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useFormat } from '@/lib/format';
import { useInvitations } from '../api/coauthors';

/** "Invitations" in the signed-in user's menu, with a count, while they have pending invitations. */
export function InvitationsNavItem() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useInvitations();
  const count = q.data?.length ?? 0;
  if (count === 0) return null;
  return (
    <li>
      <NavLink to="/invitations" className={({ isActive }) => `nav__link${isActive ? ' nav__link--active' : ''}`}>
        {t('coauthors.invitations.title')}
        <span className="badge" aria-hidden="true">
          {f.number(count)}
        </span>
        <span className="visually-hidden">{t('coauthors.invitations.pending', { count })}</span>
      </NavLink>
    </li>
  );
}
