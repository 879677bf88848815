import { useState } from 'react';
import { Button, Heading, Paragraph, SearchInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { orgShortName } from '@/lib/localized';
import { announce } from '@/lib/status';
import { useLanguage } from '@/lib/use-language';
import { useGrantManager, useManagerCandidates, useManagers, useRevokeManager, type ManagerScope } from '../api/managers';

interface Props {
  scope: ManagerScope;
  /** The section's heading and its lead. */
  title: string;
  lead: string;
  headingId: string;
}

/** Admins make users managers of a call or of an organisation's calls, and take it away. */
export function ManagerPanel({ scope, title, lead, headingId }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const q = useManagers(scope);
  const [search, setSearch] = useState('');
  const candidates = useManagerCandidates(search);
  const grant = useGrantManager(scope);
  const revoke = useRevokeManager(scope);
  const granted = new Set((q.data?.items ?? []).map((m) => m.user.id));
  const free = (candidates.data?.items ?? []).filter((u) => !granted.has(u.id) && !u.blocked && !u.erased_at);
  return (
    <section aria-labelledby={headingId} className="admin-section">
      <Heading variant="h2" id={headingId} className="section-title">
        {title}
      </Heading>
      <Paragraph>{lead}</Paragraph>
      {revoke.error ? <ProblemAlert error={revoke.error} /> : null}
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : q.data.items.length === 0 ? (
        <p className="muted">{t('managers.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('managers.name')}</th>
                <th scope="col">{t('managers.email')}</th>
                <th scope="col">{t('managers.organisation')}</th>
                <th scope="col">{t('managers.grantedAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('managers.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((m) => (
                <tr key={m.user.id}>
                  <td data-label={t('managers.name')}>{m.user.display_name}</td>
                  <td data-label={t('managers.email')}>{m.email}</td>
                  <td data-label={t('managers.organisation')}>{m.organisation ? orgShortName(m.organisation, lang) : '–'}</td>
                  <td data-label={t('managers.grantedAt')}>{f.dateTime(m.granted_at)}</td>
                  <td className="table__actions">
                    <Button
                      variant="secondaryNoBorder"
                      disabled={revoke.isPending}
                      aria-label={t('managers.revokeLabel', { name: m.user.display_name })}
                      onClick={() =>
                        revoke.mutate(m.user.id, { onSuccess: () => announce(t('managers.revoked', { name: m.user.display_name })) })
                      }
                    >
                      {t('common.remove')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="evaluator-search">
        <SearchInput
          labelText={t('managers.search')}
          clearButtonLabel={t('managers.clear')}
          searchButtonLabel={t('managers.searchButton')}
          onSearch={(v) => setSearch(String(v ?? ''))}
          onChange={(v) => {
            if (!v) setSearch('');
          }}
        />
        {grant.error ? <ProblemAlert error={grant.error} /> : null}
        {search === '' ? null : candidates.isError ? (
          <ProblemAlert error={candidates.error} />
        ) : candidates.isPending ? (
          <Loading />
        ) : free.length === 0 ? (
          <p className="muted">{t('managers.noCandidates')}</p>
        ) : (
          <ul className="candidate-list" aria-label={t('managers.candidates')}>
            {free.map((u) => (
              <li key={u.id}>
                <span>
                  {u.display_name} <span className="muted">{u.email}</span>
                </span>
                <Button
                  variant="secondary"
                  disabled={grant.isPending}
                  aria-label={t('managers.grantLabel', { name: u.display_name })}
                  onClick={() => grant.mutate(u.id, { onSuccess: () => announce(t('managers.granted', { name: u.display_name })) })}
                >
                  {t('managers.grant')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
