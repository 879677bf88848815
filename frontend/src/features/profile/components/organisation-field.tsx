import { Dropdown, DropdownItem } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import type { Me } from '@/lib/auth';
import { orgLabel } from '@/lib/localized';
import type { OrganisationRef } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { useOrganisationChoices } from '../api/organisation-choices';

/** The dropdown's value for no organisation (null). */
const NONE = 'none';

interface Props {
  me: Me;
  value: string | null;
  onChange: (id: string | null) => void;
  status: 'default' | 'error';
  statusText: string | undefined;
}

/**
 * The user's organisation. It follows the confirmed address's domain; the user may pick another
 * only among the organisations of that domain (an agency under a ministry's domain, say), so
 * the choice shows only when there is one to make. An organisation an administrator set stays
 * listed as it is.
 */
export function OrganisationField({ me, value, onChange, status, statusText }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const choices = useOrganisationChoices(me.email_verified);
  const current = me.organisation ?? null;
  const options: OrganisationRef[] = [...(choices.data ?? [])];
  if (current && !options.some((o) => o.id === current.id)) options.unshift(current);
  const hint = me.email_verified ? t('profile.organisation.hint') : t('profile.organisation.unverifiedHint');

  if (options.length < 2 && status !== 'error') {
    return (
      <div className="readonly-field">
        <span className="readonly-field__label">{t('auth.fields.organisation')}</span>
        <span className="readonly-field__value">{current ? orgLabel(current, lang) : t('profile.noOrganisation')}</span>
        <span className="readonly-field__hint">{hint}</span>
      </div>
    );
  }
  return (
    <Dropdown
      id="profile-organisation"
      labelText={t('auth.fields.organisation')}
      hintText={hint}
      value={value ?? NONE}
      onChange={(v) => onChange(v === NONE ? null : v)}
      status={status}
      statusText={statusText}
      fullWidth
    >
      {[
        ...(current
          ? []
          : [
              <DropdownItem key={NONE} value={NONE}>
                {t('profile.noOrganisation')}
              </DropdownItem>,
            ]),
        ...options.map((o) => (
          <DropdownItem key={o.id} value={o.id}>
            {orgLabel(o, lang)}
          </DropdownItem>
        )),
      ]}
    </Dropdown>
  );
}
