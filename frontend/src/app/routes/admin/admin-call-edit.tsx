import { useState } from 'react';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useArchiveCall } from '@/features/admin-calls/api/archive-call';
import { usePublishCall } from '@/features/admin-calls/api/publish-call';
import { useUpdateCall } from '@/features/admin-calls/api/update-call';
import { CallForm } from '@/features/admin-calls/components/call-form';
import { callToValues } from '@/features/admin-calls/components/call-values';
import { ThemeEditor } from '@/features/admin-calls/components/theme-editor';
import { ManagerPanel } from '@/features/call-managers/components/manager-panel';
import { useCall } from '@/features/calls/api/get-call';
import { PhaseTag } from '@/features/calls/components/phase-tag';
import { CriteriaEditor } from '@/features/evaluation/components/criteria-editor';
import { EvaluatorAssignment } from '@/features/evaluation/components/evaluator-assignment';
import { PublishResults } from '@/features/evaluation/components/publish-results';
import { RefusalNote } from '@/components/refusal-note';
import { hasRole, useUser } from '@/lib/auth';
import { fallbackLang, pick } from '@/lib/localized';
import type { Call } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';

export default function AdminCallEditRoute() {
  const { callId = '' } = useParams();
  const q = useCall(callId);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  if (!q.data.viewer.can_manage) return <RefusalNote code="not_call_manager" />;
  return <EditCall call={q.data} />;
}

function EditCall({ call }: { call: Call }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const update = useUpdateCall(call.id);
  const publish = usePublishCall(call.id);
  const archive = useArchiveCall(call.id);
  const [saved, setSaved] = useState(false);
  // A call manager runs the call; users, managers and results are for admins.
  const admin = hasRole(useUser(), 'admin');
  const [confirm, setConfirm] = useState<'publish' | 'archive' | null>(null);
  const title = pick(call.title, lang);
  useDocumentTitle(title);
  return (
    <>
      <div className="page-head">
        <div>
          <PhaseTag phase={call.phase} />
          <Heading variant="h1" className="page-title" lang={fallbackLang(call.title, lang)}>
            {title}
          </Heading>
        </div>
      </div>
      <section className="side-box admin-status" aria-labelledby="publish-title">
        <Heading variant="h2" id="publish-title" className="section-title">
          {t('admin.publish.title')}
        </Heading>
        {call.phase === 'draft' ? (
          <>
            <Paragraph>{t('admin.publish.draft')}</Paragraph>
            <Button onClick={() => setConfirm('publish')} disabled={publish.isPending}>
              {t('admin.publish.publish')}
            </Button>
          </>
        ) : (
          <>
            <Paragraph>
              {t('admin.publish.published')} <Link to={`/calls/${call.slug}`}>{t('admin.publish.view')}</Link>
            </Paragraph>
            {call.phase !== 'archived' ? (
              <Button variant="secondary" onClick={() => setConfirm('archive')} disabled={archive.isPending}>
                {t('admin.publish.archive')}
              </Button>
            ) : null}
          </>
        )}
        {publish.error ? <ProblemAlert error={publish.error} /> : null}
        {archive.error ? <ProblemAlert error={archive.error} /> : null}
      </section>
      <ConfirmDialog
        open={confirm !== null}
        title={t(confirm === 'archive' ? 'admin.publish.archiveTitle' : 'admin.publish.publishTitle')}
        text={t(confirm === 'archive' ? 'admin.publish.archiveText' : 'admin.publish.publishText')}
        confirmText={t(confirm === 'archive' ? 'admin.publish.archive' : 'admin.publish.publish')}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const m = confirm === 'archive' ? archive : publish;
          setConfirm(null);
          m.mutate();
        }}
      />
      <section aria-labelledby="call-form-title" className="admin-section">
        <Heading variant="h2" id="call-form-title" className="section-title">
          {t('admin.calls.edit')}
        </Heading>
        <CallForm
          key={call.id}
          initial={callToValues(call)}
          withThemes={false}
          submitText={t('common.save')}
          pending={update.isPending}
          error={update.error}
          onSubmit={(body) => {
            setSaved(false);
            const { themes: _themes, ...rest } = body;
            void _themes;
            update.mutate(rest, { onSuccess: () => setSaved(true) });
          }}
        />
        <p aria-live="polite" className="form__status">
          {saved ? t('admin.calls.saved') : ''}
        </p>
      </section>
      <ThemeEditor callId={call.id} themes={call.themes} />
      <CriteriaEditor callId={call.id} />
      <EvaluatorAssignment callId={call.id} canSearch={admin} />
      {admin ? (
        <ManagerPanel
          scope={{ kind: 'call', id: call.id }}
          title={t('managers.callTitle')}
          lead={t('managers.callLead')}
          headingId="call-managers-title"
        />
      ) : null}
      {/* The evaluation screens are for evaluators and admins. */}
      {call.phase !== 'draft' && admin ? (
        <section aria-labelledby="evaluation-link-title" className="admin-section">
          <Heading variant="h2" id="evaluation-link-title" className="section-title">
            {t('evaluation.call.adminTitle')}
          </Heading>
          <Paragraph>
            <Link to={`/evaluation/calls/${call.id}`}>{t('evaluation.call.open')}</Link>
          </Paragraph>
          <PublishResults call={call} />
        </section>
      ) : null}
    </>
  );
}
