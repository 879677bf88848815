import { Dropdown, DropdownItem } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { OrganisationSelect } from '@/components/organisation-select';
import { pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import { pilotStatusValues, type LocalText, type PilotFilters, type PilotStatus } from '../api/types';

const ALL = 'all';

/** The years a pilot can start in, newest first: from Siilo's first calls to next year. */
export function pilotYears(now: Date = new Date()): number[] {
  const years: number[] = [];
  for (let y = now.getFullYear() + 1; y >= 2025; y -= 1) years.push(y);
  return years;
}

interface Props {
  filters: PilotFilters;
  onChange: (next: Partial<Record<keyof PilotFilters, string | undefined>>) => void;
  /** The calls to filter by (the route knows them). */
  calls: { id: string; title: LocalText }[];
}

/** Status, organisation, call and year; each change applies at once (the list is live). */
export function PilotFiltersBar({ filters, onChange, calls }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div className="pilot-filters" role="group" aria-label={t('pilots.filters.label')}>
      <Dropdown
        id="pilot-filter-status"
        labelText={t('pilots.filters.status')}
        value={filters.status ?? ALL}
        onChange={(v) => onChange({ status: v === ALL ? undefined : v })}
      >
        {[
          <DropdownItem key={ALL} value={ALL}>
            {t('pilots.filters.allStatuses')}
          </DropdownItem>,
          ...pilotStatusValues.map((s: PilotStatus) => (
            <DropdownItem key={s} value={s}>
              {t(`pilots.status.${s}`)}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
      <OrganisationSelect
        id="pilot-filter-organisation"
        labelText={t('pilots.filters.organisation')}
        noneText={t('pilots.filters.allOrganisations')}
        value={filters.organisation_id ?? null}
        onChange={(id) => onChange({ organisation_id: id ?? undefined })}
      />
      <Dropdown
        id="pilot-filter-call"
        labelText={t('pilots.filters.call')}
        value={filters.call_id ?? ALL}
        onChange={(v) => onChange({ call_id: v === ALL ? undefined : v })}
      >
        {[
          <DropdownItem key={ALL} value={ALL}>
            {t('pilots.filters.allCalls')}
          </DropdownItem>,
          ...calls.map((c) => (
            <DropdownItem key={c.id} value={c.id}>
              {pick(c.title, lang)}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
      <Dropdown
        id="pilot-filter-year"
        labelText={t('pilots.filters.year')}
        value={filters.year !== undefined ? String(filters.year) : ALL}
        onChange={(v) => onChange({ year: v === ALL ? undefined : v })}
      >
        {[
          <DropdownItem key={ALL} value={ALL}>
            {t('pilots.filters.allYears')}
          </DropdownItem>,
          ...pilotYears().map((y) => (
            <DropdownItem key={y} value={String(y)}>
              {String(y)}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
    </div>
  );
}
