import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { useCreateCall } from '@/features/admin-calls/api/create-call';
import { CallForm } from '@/features/admin-calls/components/call-form';
import { emptyCallValues } from '@/features/admin-calls/components/call-values';

export default function AdminCallNewRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCall();
  useDocumentTitle(t('admin.calls.new'));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('admin.calls.new')}
      </Heading>
      <p className="lead-small">{t('admin.calls.newLead')}</p>
      <CallForm
        initial={emptyCallValues()}
        withThemes
        submitText={t('admin.calls.create')}
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body, { onSuccess: (c) => void navigate(`/admin/calls/${c.id}`) })}
      />
    </>
  );
}
