import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LEGAL_KINDS, LEGAL_PATHS } from '@/lib/legal';

/** The footer's links to the privacy notice, the accessibility statement and the terms of use. */
export function LegalFooterLinks() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('legal.footerNav')} className="footer__nav">
      <ul className="footer__links">
        {LEGAL_KINDS.map((kind) => (
          <li key={kind}>
            <Link to={LEGAL_PATHS[kind]}>{t(`legal.links.${kind}`)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
