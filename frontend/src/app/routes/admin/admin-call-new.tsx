import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { useCreateCall } from '@/features/admin-calls/api/create-call';
import { CallForm } from '@/features/admin-calls/components/call-form';
import { emptyCallValues } from '@/features/admin-calls/components/call-values';
import { RefusalNote } from '@/components/refusal-note';
import { mayCreateCalls } from '@/features/call-managers/components/manages';
import { hasRole, useUser } from '@/lib/auth';

export default function AdminCallNewRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCall();
  const me = useUser();
  useDocumentTitle(t('admin.calls.new'));
  if (!mayCreateCalls(me, hasRole(me, 'admin'))) return <RefusalNote code="not_call_manager" />;
  // A manager of one organisation's calls hosts the call there; others choose.
  const managed = me?.manages.organisation_ids ?? [];
  const host = !hasRole(me, 'admin') && managed.length === 1 ? managed[0] : '';
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('admin.calls.new')}
      </Heading>
      <p className="lead-small">{t('admin.calls.newLead')}</p>
      <CallForm
        initial={emptyCallValues(host)}
        withThemes
        submitText={t('admin.calls.create')}
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body, { onSuccess: (c) => void navigate(`/admin/calls/${c.id}`) })}
      />
    </>
  );
}
