import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { MyEvaluations } from '@/features/evaluation/components/my-evaluations';
import { hasRole, type Me } from '@/lib/auth';

export default function EvaluationHomeRoute() {
  const { t } = useTranslation();
  const me = useOutletContext<Me>();
  useDocumentTitle(t('evaluation.title'));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('evaluation.title')}
      </Heading>
      <Paragraph className="lead">{t('evaluation.mine.lead')}</Paragraph>
      {hasRole(me, 'admin') ? (
        <p>
          {t('evaluation.mine.adminHint')} <Link to="/admin">{t('layout.nav.admin')}</Link>
        </p>
      ) : null}
      <MyEvaluations />
    </>
  );
}
