import { useState } from 'react';
import { Button, Dropdown, DropdownItem, SearchInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { roleValues } from '@/lib/api/schema';
import { useFormat } from '@/lib/format';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import type { Role, UserAdmin } from '@/lib/types';
import { useUsers, type UserFilters } from '../api/get-users';
import { BlockDialog } from './block-dialog';
import { UserDialog } from './user-dialog';

const ALL = 'all';
/** Every role of the contract but participant, which everyone has. */
const ROLE_FILTERS: Role[] = roleValues.filter((r) => r !== 'participant');

export function UserList() {
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<UserFilters>({});
  const [editing, setEditing] = useState<UserAdmin | null>(null);
  const [blocking, setBlocking] = useState<UserAdmin | null>(null);
  const [done, setDone] = useState('');
  const users = useUsers(filters);
  const items = (users.data?.pages ?? []).flatMap((p) => p.items);
  const total = users.data?.pages[0]?.total;
  const { listRef, loadMore } = useLoadMoreFocus<HTMLTableSectionElement>(items.length);
  return (
    <div className="user-admin">
      <div className="filters" role="search" aria-label={t('admin.users.search')}>
        <SearchInput
          className="filters__item filters__search"
          labelText={t('admin.users.search')}
          searchButtonLabel={t('proposals.filters.searchButton')}
          clearButtonLabel={t('proposals.filters.clear')}
          value={q}
          onChange={(v) => {
            setQ(v);
            if (v === '' && filters.q) setFilters((o) => ({ ...o, q: undefined }));
          }}
          onSearch={(v) => setFilters((o) => ({ ...o, q: v.trim() || undefined }))}
        />
        <Dropdown
          className="filters__item"
          labelText={t('admin.users.roleFilter')}
          value={filters.role ?? ALL}
          onChange={(v) => setFilters((o) => ({ ...o, role: v === ALL ? undefined : (v as Role) }))}
        >
          {[
            <DropdownItem key={ALL} value={ALL}>
              {t('admin.users.allRoles')}
            </DropdownItem>,
            ...ROLE_FILTERS.map((r) => (
              <DropdownItem key={r} value={r}>
                {t(`roles.${r}`)}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
        <Dropdown
          className="filters__item"
          labelText={t('admin.users.blockedFilter')}
          value={filters.blocked === undefined ? ALL : String(filters.blocked)}
          onChange={(v) => setFilters((o) => ({ ...o, blocked: v === ALL ? undefined : v === 'true' }))}
        >
          <DropdownItem value={ALL}>{t('admin.users.everyone')}</DropdownItem>
          <DropdownItem value="false">{t('admin.users.activeOnly')}</DropdownItem>
          <DropdownItem value="true">{t('admin.users.blockedOnly')}</DropdownItem>
        </Dropdown>
      </div>
      {users.isError && !users.isFetchNextPageError ? (
        <ProblemAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : users.isPending ? (
        <Loading />
      ) : (
        <>
          {total != null ? <p aria-live="polite">{t('admin.users.total', { count: total, formatted: f.number(total) })}</p> : null}
          <div className="table-wrap">
            <table className="table table--stack">
              <caption className="visually-hidden">{t('admin.users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.name')}</th>
                  <th scope="col">{t('auth.fields.email')}</th>
                  <th scope="col">{t('admin.users.roles')}</th>
                  <th scope="col">{t('admin.users.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody ref={listRef}>
                {items.map((u) => (
                  <tr key={u.id}>
                    <td data-label={t('admin.users.name')}>{u.display_name}</td>
                    <td data-label={t('auth.fields.email')} className="table__email">
                      {u.email}
                    </td>
                    <td data-label={t('admin.users.roles')}>
                      {u.roles
                        .filter((r) => r !== 'participant')
                        .map((r) => t(`roles.${r}`))
                        .join(', ') || t('roles.participant')}
                    </td>
                    <td data-label={t('admin.users.state')}>
                      {u.blocked ? <span className="tag tag--blocked">{t('admin.users.blocked')}</span> : t('admin.users.active')}
                    </td>
                    <td className="table__actions">
                      <Button
                        variant="secondary"
                        onClick={() => setEditing(u)}
                        aria-label={t('admin.users.editNamed', { name: u.display_name })}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        variant="secondaryNoBorder"
                        onClick={() => {
                          setDone('');
                          setBlocking(u);
                        }}
                        aria-label={t(u.blocked ? 'admin.users.unblockNamed' : 'admin.users.blockNamed', { name: u.display_name })}
                      >
                        {t(u.blocked ? 'admin.users.unblock' : 'admin.users.block')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {users.hasNextPage ? (
            <Button variant="secondary" onClick={() => loadMore(() => users.fetchNextPage())} disabled={users.isFetchingNextPage}>
              {t('admin.users.more')}
            </Button>
          ) : null}
        </>
      )}
      <p className="form__status" role="status">
        {done}
      </p>
      <UserDialog user={editing} onClose={() => setEditing(null)} />
      <BlockDialog
        user={blocking}
        onClose={(message) => {
          setBlocking(null);
          if (message) setDone(message);
        }}
      />
    </div>
  );
}
