import type { ReactNode } from 'react';
import { ExternalLink } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { LEGAL_PATHS, type LegalKind } from '@/lib/legal';

/**
 * A link to a legal page that opens in a new tab, so that a form or a dialog in progress stays
 * as it is; the design system marks it with an icon and tells screen readers so.
 */
export function LegalPageLink({ kind, children }: { kind: LegalKind; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <ExternalLink href={LEGAL_PATHS[kind]} labelNewWindow={t('legal.opensInNewTab')} className="legal-link">
      {children}
    </ExternalLink>
  );
}
