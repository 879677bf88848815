import { Dropdown, DropdownItem } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useMe } from '@/lib/auth';
import { byLocalName, orgLabel } from '@/lib/localized';
import { useOrganisations } from '@/lib/organisations';
import { useLanguage } from '@/lib/use-language';

const NONE = 'none';

interface Props {
  value: string;
  onChange: (id: string) => void;
  status?: 'default' | 'error';
  statusText?: string;
}

/**
 * The call form's host organisation: an admin picks any organisation or none; a call manager
 * only one of the organisations whose calls they manage (the server checks the same).
 */
export function HostOrganisationSelect({ value, onChange, status, statusText }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const me = useMe().data;
  const orgs = useOrganisations();
  const admin = !!me && me.roles.includes('admin');
  const managed = new Set(me?.manages.organisation_ids ?? []);
  const choices = byLocalName(orgs.data?.items, lang).filter((o) => admin || managed.has(o.id) || o.id === value);
  const items = [
    ...(admin || value === ''
      ? [
          <DropdownItem key={NONE} value={NONE}>
            {admin ? t('managers.host.none') : t('managers.host.choose')}
          </DropdownItem>,
        ]
      : []),
    ...choices.map((o) => (
      <DropdownItem key={o.id} value={o.id}>
        {orgLabel(o, lang)}
      </DropdownItem>
    )),
  ];
  return (
    <Dropdown
      id="call-host-organisation"
      labelText={t('managers.host.label')}
      hintText={admin ? t('managers.host.hint') : t('managers.host.managerHint')}
      optionalText={admin ? t('common.optional') : undefined}
      value={value === '' ? NONE : value}
      onChange={(v) => onChange(v === NONE ? '' : v)}
      status={status}
      statusText={statusText}
    >
      {items}
    </Dropdown>
  );
}
