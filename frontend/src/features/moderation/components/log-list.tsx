import type { TFunction } from 'i18next';
import { useId, useState, type FormEvent } from 'react';
import { Button, Dropdown, DropdownItem, Heading, Paragraph, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { authorName } from '@/lib/author';
import { useFormat } from '@/lib/format';
import { roleValues } from '@/lib/api/schema';
import { logActionValues, type LogAction, type Role } from '@/lib/types';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import { useLog } from '../api/get-log';
import type { LogFilters, ModerationLogEntry } from '../api/types';

const ALL = 'all';

/** The log's filters as the form holds them: dates as `YYYY-MM-DD` (Finnish days). */
export interface LogFormValues {
  action: string;
  call_id: string;
  from: string;
  to: string;
  target_id: string;
  actor_id: string;
}

export const EMPTY_LOG_FORM: LogFormValues = { action: '', call_id: '', from: '', to: '', target_id: '', actor_id: '' };

/** A native date input (the design system's TextInput has no date type), styled as the admin's time fields. */
function DateField(props: { id: string; label: string; value: string; onChange: (v: string) => void; invalid?: boolean; error?: string }) {
  const errorId = useId();
  const { id, label, value, onChange, invalid, error } = props;
  return (
    <div className={`native-field log-filters__item ${invalid ? 'native-field--error' : ''}`}>
      <label htmlFor={id} className="native-field__label">
        {label}
      </label>
      <input
        id={id}
        type="date"
        className="native-field__input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={error ? errorId : undefined}
        aria-invalid={invalid ? true : undefined}
      />
      {error ? (
        <span id={errorId} className="native-field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

interface FilterProps {
  values: LogFormValues;
  calls: { id: string; label: string }[];
  onApply: (values: LogFormValues) => void;
}

export function LogFilterForm({ values, calls, onApply }: FilterProps) {
  const { t } = useTranslation();
  const [v, setV] = useState(values);
  const [rangeError, setRangeError] = useState(false);
  const set = (k: keyof LogFormValues) => (value: string) => setV((old) => ({ ...old, [k]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = v.from !== '' && v.to !== '' && v.from > v.to;
    setRangeError(bad);
    if (!bad) onApply({ ...v, target_id: v.target_id.trim(), actor_id: v.actor_id.trim() });
  };
  return (
    <form className="log-filters" onSubmit={submit} noValidate aria-labelledby="log-filters-title">
      <Heading variant="h2" as="h2" id="log-filters-title" className="visually-hidden">
        {t('moderation.log.filters')}
      </Heading>
      <div className="log-filters__grid">
        <Dropdown
          labelText={t('moderation.log.action')}
          value={v.action || ALL}
          onChange={(x) => set('action')(x === ALL ? '' : x)}
          className="log-filters__item"
        >
          {[
            <DropdownItem key={ALL} value={ALL}>
              {t('moderation.log.allActions')}
            </DropdownItem>,
            ...logActionValues.map((a) => (
              <DropdownItem key={a} value={a}>
                {t(`moderation.action.${a}`)}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
        <Dropdown
          labelText={t('moderation.filters.call')}
          value={v.call_id || ALL}
          onChange={(x) => set('call_id')(x === ALL ? '' : x)}
          className="log-filters__item"
        >
          {[
            <DropdownItem key={ALL} value={ALL}>
              {t('moderation.filters.allCalls')}
            </DropdownItem>,
            ...calls.map((c) => (
              <DropdownItem key={c.id} value={c.id}>
                {c.label}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
        <DateField id="log-from" label={t('moderation.log.from')} value={v.from} onChange={set('from')} invalid={rangeError} />
        <DateField
          id="log-to"
          label={t('moderation.log.to')}
          value={v.to}
          onChange={set('to')}
          invalid={rangeError}
          error={rangeError ? t('moderation.log.badRange') : undefined}
        />
        <TextInput
          id="log-target"
          labelText={t('moderation.log.targetId')}
          hintText={t('moderation.log.idHint')}
          value={v.target_id}
          onChange={(x) => set('target_id')(String(x))}
          className="log-filters__item"
          autoComplete="off"
          spellCheck={false}
        />
        <TextInput
          id="log-actor"
          labelText={t('moderation.log.actorId')}
          hintText={t('moderation.log.actorHint')}
          value={v.actor_id}
          onChange={(x) => set('actor_id')(String(x))}
          className="log-filters__item"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="form__actions">
        <Button type="submit">{t('moderation.log.apply')}</Button>
        <Button
          variant="secondary"
          onClick={() => {
            setV(EMPTY_LOG_FORM);
            setRangeError(false);
            onApply(EMPTY_LOG_FORM);
          }}
        >
          {t('moderation.log.clear')}
        </Button>
      </div>
    </form>
  );
}

function roleList(t: TFunction, v: unknown): string {
  // A role this client does not know (from a newer server) shows as the server named it.
  const known = (r: unknown): r is Role => typeof r === 'string' && (roleValues as readonly string[]).includes(r);
  return Array.isArray(v) ? v.map((r) => (known(r) ? t(`roles.${r}`) : String(r))).join(', ') : '';
}

function LogEntry({ e, onActor }: { e: ModerationLogEntry; onActor: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const data = e.data as { before?: unknown; after?: unknown };
  return (
    <article className="log-entry">
      <p className="log-entry__head">
        <time dateTime={e.created_at}>{f.dateTime(e.created_at)}</time> · <strong>{t(`moderation.action.${e.action}`)}</strong>
      </p>
      <dl className="log-entry__facts">
        <div>
          <dt>{t('moderation.log.actor')}</dt>
          <dd>
            {e.actor ? (
              <Button variant="secondaryNoBorder" className="log-entry__actor" onClick={() => onActor(e.actor?.id ?? '')}>
                {authorName(t, e.actor)}
              </Button>
            ) : (
              t('moderation.log.system')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('moderation.log.target')}</dt>
          <dd>
            {t(`moderation.log.targetKind.${e.target.kind}`)} <code className="log-entry__id">{e.target.id}</code>
            {e.proposal_id ? (
              <>
                {' · '}
                <Link to={`/proposals/${e.proposal_id}${e.target.kind === 'comment' ? `#comment-${e.target.id}` : ''}`}>
                  {t('moderation.log.openProposal')}
                </Link>
              </>
            ) : null}
          </dd>
        </div>
        {e.category ? (
          <div>
            <dt>{t('moderation.log.category')}</dt>
            <dd>{t(`moderation.reason.${e.category}`)}</dd>
          </div>
        ) : null}
        {e.reason ? (
          <div>
            <dt>{t('moderation.log.reason')}</dt>
            <dd className="log-entry__text">{e.reason}</dd>
          </div>
        ) : null}
        {e.public_note ? (
          <div>
            <dt>{t('moderation.log.publicNote')}</dt>
            <dd className="log-entry__text">{e.public_note}</dd>
          </div>
        ) : null}
        {e.action === 'roles_changed' ? (
          <div>
            <dt>{t('moderation.log.roles')}</dt>
            <dd>{t('moderation.log.rolesChange', { before: roleList(t, data.before), after: roleList(t, data.after) })}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}

/** The audit log under the given filters, newest first, with "show more". */
export function LogList({ filters, onActor }: { filters: LogFilters; onActor: (id: string) => void }) {
  const { t } = useTranslation();
  const q = useLog(filters);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const { listRef, loadMore } = useLoadMoreFocus<HTMLUListElement>(items.length);
  if (q.isError && !q.isFetchNextPageError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  return (
    <div className="log">
      {items.length === 0 ? <Paragraph>{t('moderation.log.empty')}</Paragraph> : null}
      <ul className="log__list" ref={listRef}>
        {items.map((e) => (
          <li key={e.id}>
            <LogEntry e={e} onActor={onActor} />
          </li>
        ))}
      </ul>
      {q.isFetchNextPageError ? <ProblemAlert error={q.error} /> : null}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={q.isFetchingNextPage}>
          {t('moderation.log.more')}
        </Button>
      ) : null}
    </div>
  );
}

/** Whether a form value is one of the log's actions. */
export function isLogAction(v: string): v is LogAction {
  return (logActionValues as readonly string[]).includes(v);
}
