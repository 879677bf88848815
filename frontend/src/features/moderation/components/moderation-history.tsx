import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Heading, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { useFormat } from '@/lib/format';
import { fieldErrorMap, toProblem } from '@/lib/problem';
import { announce } from '@/lib/status';
import { APPEAL_TEXT_MAX, useCreateAppeal } from '../api/create-appeal';
import { useHistory } from '../api/get-history';
import type { ModerationHistoryEntry } from '../api/types';

/**
 * What moderation did to a proposal and its comments, oldest first, without the moderators'
 * names; the reason for the author (and moderators), and the appeal form on an entry the
 * viewer may appeal. Nothing shows while there is no history.
 */
export function ModerationHistory({ proposalId }: { proposalId: string }) {
  const { t } = useTranslation();
  const q = useHistory(proposalId);
  if (q.isError) {
    // A visitor who may not see the history at all needs no box about it.
    if (toProblem(q.error).status === 404) return null;
    return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  }
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="moderation-history" aria-labelledby="moderation-history-title">
      <Heading variant="h2" as="h2" id="moderation-history-title" className="section-title">
        {t('moderation.history.title')}
      </Heading>
      <ol className="moderation-history__list">
        {items.map((e) => (
          <li key={e.id} className="moderation-history__item">
            <HistoryEntry entry={e} proposalId={proposalId} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function HistoryEntry({ entry, proposalId }: { entry: ModerationHistoryEntry; proposalId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [appealing, setAppealing] = useState(false);
  const [sent, setSent] = useState(false);
  const openRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const hasAppeal = entry.appeal !== null && entry.appeal !== undefined;
  useEffect(() => {
    // The form gives way to the appeal's status: the keyboard goes there too.
    if (sent && hasAppeal) statusRef.current?.focus();
  }, [sent, hasAppeal]);
  return (
    <>
      <p className="moderation-history__head">
        <time dateTime={entry.created_at}>{f.dateTime(entry.created_at)}</time>
        {' · '}
        <strong>{t(`moderation.action.${entry.action}`)}</strong>
        {' · '}
        {entry.target.kind === 'comment' ? (
          <a href={`#comment-${entry.target.id}`}>{t('moderation.history.comment')}</a>
        ) : (
          t('moderation.history.proposal')
        )}
      </p>
      {entry.category ? <p>{t('moderation.history.category', { category: t(`moderation.category.${entry.category}`) })}</p> : null}
      {entry.public_note ? <p>{t('moderation.tombstone.note', { note: entry.public_note })}</p> : null}
      {entry.reason ? <p className="moderation-history__reason">{t('moderation.reasonLine', { reason: entry.reason })}</p> : null}
      {entry.appeal ? (
        <div className="moderation-history__appeal" ref={statusRef} tabIndex={-1}>
          <p>
            {entry.appeal.status === 'open'
              ? t('moderation.appeal.status.open')
              : t(`moderation.appeal.status.${entry.appeal.status}`, {
                  date: entry.appeal.decided_at ? f.date(entry.appeal.decided_at) : '',
                })}
          </p>
          {entry.appeal.decision_reason ? <p>{t('moderation.reasonLine', { reason: entry.appeal.decision_reason })}</p> : null}
        </div>
      ) : null}
      {entry.viewer_can_appeal && !entry.appeal ? (
        appealing ? (
          <AppealForm
            actionId={entry.id}
            proposalId={proposalId}
            onDone={(done) => {
              setAppealing(false);
              if (done) {
                setSent(true);
                announce(t('moderation.appeal.sent'));
              } else requestAnimationFrame(() => openRef.current?.focus());
            }}
          />
        ) : (
          <Button variant="secondary" ref={openRef} onClick={() => setAppealing(true)} className="moderation-history__appeal-open">
            {t('moderation.appeal.open')}
          </Button>
        )
      ) : null}
    </>
  );
}

function AppealForm({ actionId, proposalId, onDone }: { actionId: string; proposalId: string; onDone: (sent: boolean) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const appeal = useCreateAppeal(proposalId);
  const [text, setText] = useState('');
  const [local, setLocal] = useState<'missing' | 'tooLong' | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fe = fieldErrorMap(appeal.error).text;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = text.trim();
    const problem = trimmed === '' ? 'missing' : [...trimmed].length > APPEAL_TEXT_MAX ? 'tooLong' : null;
    setLocal(problem);
    if (problem) {
      ref.current?.focus();
      return;
    }
    // Awaited: the history read again replaces this form with the appeal's status.
    appeal
      .mutateAsync({ actionId, text: trimmed })
      .then(() => onDone(true))
      .catch(() => undefined);
  };
  const error =
    local === 'missing'
      ? t('moderation.appeal.missing')
      : local === 'tooLong'
        ? t('moderation.tooLong', { max: f.number(APPEAL_TEXT_MAX) })
        : fieldErrorMessage(t, fe);
  return (
    <form className="form appeal-form" onSubmit={submit} noValidate>
      {appeal.error && !fe ? <ProblemAlert error={appeal.error} /> : null}
      <Textarea
        id={`appeal-${actionId}`}
        labelText={t('moderation.appeal.text')}
        hintText={t('moderation.appeal.hint', { max: f.number(APPEAL_TEXT_MAX) })}
        value={text}
        onChange={(e) => setText(e.target.value)}
        status={error ? 'error' : 'default'}
        statusText={error}
        ref={ref}
        rows={4}
        fullWidth
        // Opened by the user's click on "Appeal".
        autoFocus
      />
      <div className="form__actions">
        <Button type="submit" disabled={appeal.isPending}>
          {t('moderation.appeal.submit')}
        </Button>
        <Button variant="secondary" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
