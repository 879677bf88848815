import { useState } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '@/lib/types';
import { useUserSearch } from '../api/search-users';

/** The pilot's team: search users by name or e-mail address and add them; remove with a button. */
export function TeamPicker({ value, onChange }: { value: UserRef[]; onChange: (users: UserRef[]) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useUserSearch(q);
  const found = (search.data?.items ?? []).filter((u) => !value.some((v) => v.id === u.id));
  return (
    <fieldset className="team-picker">
      <legend className="team-picker__legend">
        {t('pilots.create.team')} <span className="optional">({t('common.optional')})</span>
      </legend>
      {value.length > 0 ? (
        <ul className="team-picker__chosen">
          {value.map((u) => (
            <li key={u.id}>
              <span>{u.display_name}</span>{' '}
              <Button variant="secondaryNoBorder" onClick={() => onChange(value.filter((v) => v.id !== u.id))}>
                {t('pilots.create.removeMember', { name: u.display_name })}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <TextInput
        id="pilot-team-search"
        labelText={t('pilots.create.teamSearch')}
        hintText={t('pilots.create.teamSearchHint')}
        value={q}
        onChange={(v) => setQ(String(v ?? ''))}
        fullWidth
      />
      <div aria-live="polite">
        {q.trim().length >= 2 && search.isSuccess ? (
          found.length > 0 ? (
            <ul className="team-picker__found">
              {found.map((u) => (
                <li key={u.id}>
                  <span>
                    {u.display_name} <span className="muted">{u.email}</span>
                  </span>{' '}
                  <Button
                    variant="secondary"
                    onClick={() => {
                      onChange([...value, { id: u.id, display_name: u.display_name }]);
                      setQ('');
                    }}
                  >
                    {t('pilots.create.addMember', { name: u.display_name })}
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('pilots.create.noUsers')}</p>
          )
        ) : null}
      </div>
    </fieldset>
  );
}
