import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { LEGAL_KINDS, LEGAL_PATHS, useLegalDocument, type LegalKind } from '@/lib/legal';

function LegalCard({ kind }: { kind: LegalKind }) {
  const { t } = useTranslation();
  const f = useFormat();
  const doc = useLegalDocument(kind);
  return (
    <li className="card legal-card">
      <Heading variant="h2" className="card__title">
        {t(`legal.links.${kind}`)}
      </Heading>
      {doc.isError ? (
        <ProblemAlert error={doc.error} onRetry={() => void doc.refetch()} />
      ) : doc.isPending ? (
        <Loading small />
      ) : (
        <Paragraph>{t('legal.admin.current', { version: doc.data.version, date: f.date(doc.data.published_at) })}</Paragraph>
      )}
      <ul className="legal-card__actions">
        <li>
          <Link to={`/admin/legal/${kind}`}>{t('legal.admin.edit')}</Link>
        </li>
        <li>
          <Link to={LEGAL_PATHS[kind]}>{t('legal.admin.view')}</Link>
        </li>
      </ul>
    </li>
  );
}

/** The three legal pages with the version in force of each, to publish a new one. */
export function LegalAdminList() {
  return (
    <ul className="card-list">
      {LEGAL_KINDS.map((kind) => (
        <LegalCard key={kind} kind={kind} />
      ))}
    </ul>
  );
}
