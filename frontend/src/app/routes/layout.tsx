import { useEffect, useLayoutEffect, useRef } from 'react';
import { Button, SkipLink } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate, useNavigation } from 'react-router';
import { LanguageSwitcher } from '@/components/language-switcher';
import { StatusMessage } from '@/components/status-message';
import { useDelayed } from '@/lib/use-delayed';
import { SignedOutNotice } from '@/components/signed-out-notice';
import { UnverifiedBanner } from '@/components/unverified-banner';
import { session } from '@/lib/api-client';
import { managesCalls } from '@/features/call-managers/components/manages';
import { hasRole, useLogout, useUser } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { AcceptLegalDialog } from '@/features/legal/components/accept-legal-dialog';
import { InvitationsNavItem } from '@/features/coauthors/components/invitations-nav-item';
import { LegalFooterLinks } from '@/features/legal/components/legal-footer-links';

function NavItem({ to, children, end }: { to: string; children: React.ReactNode; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end} className={({ isActive }) => `nav__link${isActive ? ' nav__link--active' : ''}`}>
        {children}
      </NavLink>
    </li>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const f = useFormat();
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  // While the next screen's chunk loads, the current one stays; assistive technology is told
  // that the content is about to change, and hears "loading" when it takes a while.
  const loadingScreen = useNavigation().state === 'loading';
  const slowScreen = useDelayed(loadingScreen, 400);
  const main = useRef<HTMLElement>(null);
  const lastPath = useRef(location.pathname);

  const hasFragment = location.hash !== '';
  useEffect(() => {
    // After client-side navigation, start screen readers and keyboards at the new content;
    // a link to a fragment (a comment) leaves focus to the page, which moves it there.
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    if (!hasFragment) main.current?.focus({ preventScroll: true });
  }, [location.pathname, hasFragment]);

  // A page that ends the session on leaving (a deleted account) navigates here with
  // `endSession`: it ends once the next page is shown, so that the one left behind (which is
  // for signed-in users) never sees a visitor and sends them to the login page.
  // A layout effect, so that it ends before the new page's queries start (in passive effects)
  // with a token that no longer works.
  const endSession = (location.state as { endSession?: boolean } | null)?.endSession === true;
  useLayoutEffect(() => {
    if (!endSession) return;
    session.end();
    void navigate(location.pathname, { replace: true, state: null });
  }, [endSession, navigate, location.pathname]);

  const unread = user?.unread_notifications ?? 0;
  return (
    <div className="app">
      <SkipLink href="#main">{t('layout.skipToContent')}</SkipLink>
      <header className="header">
        <div className="header__top container">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              S
            </span>
            <span className="brand__text">
              <span className="brand__name">{t('app.name')}</span>
              <span className="brand__tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <LanguageSwitcher />
        </div>
        <nav className="nav container" aria-label={t('layout.mainNav')}>
          <ul className="nav__list">
            <NavItem to="/" end>
              {t('layout.nav.calls')}
            </NavItem>
            <NavItem to="/pilots">{t('layout.nav.pilots')}</NavItem>
            {user ? (
              <>
                <NavItem to="/my/proposals">{t('layout.nav.myProposals')}</NavItem>
                <NavItem to="/notifications">
                  {t('layout.nav.notifications')}
                  {unread > 0 ? (
                    <>
                      <span className="badge" aria-hidden="true">
                        {f.number(unread)}
                      </span>
                      <span className="visually-hidden">{t('layout.unread', { count: unread })}</span>
                    </>
                  ) : null}
                </NavItem>
                <InvitationsNavItem />
                <NavItem to="/following">{t('layout.nav.following')}</NavItem>
                <NavItem to="/profile">{t('layout.nav.profile')}</NavItem>
                {hasRole(user, 'evaluator') || hasRole(user, 'admin') ? (
                  <NavItem to="/evaluation">{t('layout.nav.evaluation')}</NavItem>
                ) : null}
                {hasRole(user, 'moderator') || hasRole(user, 'admin') ? (
                  <NavItem to="/moderation">{t('layout.nav.moderation')}</NavItem>
                ) : null}
                {hasRole(user, 'admin') ? (
                  <NavItem to="/admin">{t('layout.nav.admin')}</NavItem>
                ) : managesCalls(user) ? (
                  <NavItem to="/admin">{t('managers.nav')}</NavItem>
                ) : null}
              </>
            ) : null}
          </ul>
          <div className="nav__user">
            {user ? (
              <>
                <span className="nav__name">{user.display_name}</span>
                <Button
                  variant="secondaryNoBorder"
                  className="nav__logout"
                  disabled={logout.isPending}
                  onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/') })}
                >
                  {t('layout.logout')}
                </Button>
              </>
            ) : user === null ? (
              <>
                <Link to="/login" state={{ from: location.pathname + location.search }} className="nav__link">
                  {t('layout.login')}
                </Link>
                <Link to="/register" className="nav__link nav__link--strong">
                  {t('layout.register')}
                </Link>
              </>
            ) : null}
          </div>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main container" aria-busy={loadingScreen || undefined}>
        <StatusMessage />
        <p role="status" className="visually-hidden">
          {slowScreen ? t('common.loading') : null}
        </p>
        <SignedOutNotice />
        <UnverifiedBanner />
        <Outlet />
      </main>
      <footer className="footer">
        <div className="container">
          <p>{t('layout.footer')}</p>
          <LegalFooterLinks />
        </div>
      </footer>
      <AcceptLegalDialog />
      <ScrollRestoration />
    </div>
  );
}
