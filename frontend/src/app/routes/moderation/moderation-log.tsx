import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { useCalls } from '@/features/calls/api/get-calls';
import type { LogFilters } from '@/features/moderation/api/types';
import { EMPTY_LOG_FORM, isLogAction, LogFilterForm, LogList, type LogFormValues } from '@/features/moderation/components/log-list';
import { helsinkiToUtc } from '@/lib/helsinki-time';
import { pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';

const KEYS = ['action', 'call_id', 'from', 'to', 'target_id', 'actor_id'] as const;

/** The form's values from the address, so that a filtered log can be linked to and reloaded. */
function formValues(params: URLSearchParams): LogFormValues {
  const v = { ...EMPTY_LOG_FORM };
  for (const k of KEYS) v[k] = params.get(k) ?? '';
  return v;
}

/** The API's filters: days in Finnish time, from the start of the first to the end of the last. */
function toFilters(v: LogFormValues): LogFilters {
  return {
    action: isLogAction(v.action) ? v.action : undefined,
    call_id: v.call_id || undefined,
    from: v.from ? (helsinkiToUtc(`${v.from}T00:00`) ?? undefined) : undefined,
    to: v.to ? (helsinkiToUtc(`${v.to}T23:59:59`) ?? undefined) : undefined,
    target_id: v.target_id || undefined,
    actor_id: v.actor_id || undefined,
  };
}

/** The moderation log with its filters, newest first. */
export default function ModerationLogRoute() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const calls = useCalls();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('moderation.log.title'));
  const values = formValues(params);
  const apply = (v: LogFormValues) => {
    const next = new URLSearchParams();
    for (const k of KEYS) if (v[k]) next.set(k, v[k]);
    setParams(next);
  };
  const options = (calls.data?.items ?? []).map((c) => ({ id: c.id, label: pick(c.title, lang) }));
  return (
    <>
      <Heading variant="h1" className="page-title">
        {t('moderation.log.title')}
      </Heading>
      <Paragraph className="lead">{t('moderation.log.lead')}</Paragraph>
      {/* A new address (a link from the queue, a clicked actor) gives the form its values afresh. */}
      <LogFilterForm key={params.toString()} values={values} calls={options} onApply={apply} />
      <LogList filters={toFilters(values)} onActor={(id) => apply({ ...values, actor_id: id })} />
    </>
  );
}
