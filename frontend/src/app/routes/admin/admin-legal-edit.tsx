import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { LEGAL_KINDS, useLegalDocument, type LegalKind } from '@/lib/legal';
import { LegalEditor } from '@/features/legal/components/legal-editor';
import { NotFoundRoute } from '../not-found';

function isLegalKind(v: string | undefined): v is LegalKind {
  return (LEGAL_KINDS as string[]).includes(v ?? '');
}

function Editor({ kind }: { kind: LegalKind }) {
  const { t } = useTranslation();
  const doc = useLegalDocument(kind);
  const title = `${t('legal.admin.edit')}: ${t(`legal.links.${kind}`)}`;
  useDocumentTitle(title);
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/admin/legal">{t('legal.admin.title')}</Link>
      </nav>
      <Heading variant="h1" className="page-title">
        {t(`legal.links.${kind}`)}
      </Heading>
      {doc.isError ? (
        <ProblemAlert error={doc.error} onRetry={() => void doc.refetch()} />
      ) : doc.isPending ? (
        <Loading />
      ) : (
        // A new version (after publishing) starts the form again from it.
        <LegalEditor key={doc.data.version} kind={kind} current={doc.data} />
      )}
    </>
  );
}

export default function AdminLegalEditRoute() {
  const { kind } = useParams();
  return isLegalKind(kind) ? <Editor kind={kind} /> : <NotFoundRoute />;
}
