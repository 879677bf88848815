import { useState } from 'react';
import { Button, Dropdown, DropdownItem, SearchInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { SORTS } from '@/features/proposals/list-filters';
import type { ProposalFilters } from '@/lib/query-keys';
import type { ProposalSort, Theme } from '@/lib/types';
import { Localized } from '@/components/localized';
import { OrganisationSelect } from '@/components/organisation-select';
import { CrossAdministrativeFilter } from '@/components/cross-administrative-filter';

/** The contract's sorts, in its order: a sort added there is offered here (and needs its text). */
const ALL = 'all';

interface Props {
  filters: ProposalFilters;
  themes: Theme[];
  onChange: (next: Partial<ProposalFilters>) => void;
  /** On a phone the filters sit behind a "Filter" button; wider screens always show them. */
  open: boolean;
  onToggle: () => void;
}

/** How many of the filters narrow or reorder the list, for the "Filter" button. */
function activeCount(f: ProposalFilters): number {
  return [f.sort !== (f.q ? 'relevance' : 'random'), !!f.theme, !!f.organisation, !!f.q, !!f.min_reach].filter(Boolean).length;
}

export function ProposalFiltersBar({ filters, themes, onChange, open, onToggle }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState(filters.q ?? '');
  const active = activeCount(filters);
  // Relevance orders by the search: offered only while there is one.
  const sorts = SORTS.filter((s) => s !== 'relevance' || !!filters.q);
  return (
    <>
      <Button variant="secondary" className="filters-toggle" aria-expanded={open} aria-controls="proposal-filters" onClick={onToggle}>
        {active > 0
          ? `${t('proposals.filters.toggle')} (${t('proposals.filters.active', { count: active })})`
          : t('proposals.filters.toggle')}
      </Button>
      <div
        id="proposal-filters"
        className={`filters${open ? '' : ' filters--closed'}`}
        role="search"
        aria-label={t('proposals.filters.label')}
      >
        <Dropdown
          labelText={t('proposals.filters.sort')}
          value={filters.sort}
          onChange={(v) => onChange({ sort: v as ProposalSort })}
          className="filters__item"
        >
          {sorts.map((s) => (
            <DropdownItem key={s} value={s}>
              {t(`proposals.sort.${s}`)}
            </DropdownItem>
          ))}
        </Dropdown>
        {themes.length > 0 ? (
          <Dropdown
            labelText={t('proposals.filters.theme')}
            value={filters.theme ?? ALL}
            onChange={(v) => onChange({ theme: v === ALL ? undefined : v })}
            className="filters__item"
          >
            {[
              <DropdownItem key={ALL} value={ALL}>
                {t('proposals.filters.allThemes')}
              </DropdownItem>,
              ...themes.map((th) => (
                <DropdownItem key={th.id} value={th.id}>
                  <Localized texts={th.name} />
                </DropdownItem>
              )),
            ]}
          </Dropdown>
        ) : null}
        <OrganisationSelect
          labelText={t('proposals.filters.organisation')}
          noneText={t('proposals.filters.allOrganisations')}
          value={filters.organisation ?? null}
          onChange={(id) => onChange({ organisation: id ?? undefined })}
          className="filters__item"
        />
        <CrossAdministrativeFilter checked={!!filters.min_reach} onChange={(on) => onChange({ min_reach: on ? 2 : undefined })} />
        <SearchInput
          className="filters__item filters__search"
          labelText={t('proposals.filters.search')}
          searchButtonLabel={t('proposals.filters.searchButton')}
          clearButtonLabel={t('proposals.filters.clear')}
          value={q}
          onChange={(v) => {
            setQ(v);
            // The clear button empties the field: show everything again.
            if (v === '' && filters.q) onChange({ q: undefined });
          }}
          onSearch={(v) => onChange({ q: v.trim() || undefined })}
        />
      </div>
    </>
  );
}
