import { useState, type KeyboardEvent } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { addEmail, looksLikeEmail } from './email';

interface Props {
  value: string[];
  onChange: (emails: string[]) => void;
}

/**
 * Co-authors to invite while writing a new proposal: addresses collected here are invited right
 * after the proposal is created.
 */
export function CoauthorDraft({ value, onChange }: Props) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const add = () => {
    if (!looksLikeEmail(email)) {
      setInvalid(true);
      return;
    }
    onChange(addEmail(value, email));
    setEmail('');
    setInvalid(false);
  };
  return (
    <fieldset className="coauthor-draft">
      <legend className="coauthor-draft__legend">
        {t('coauthors.title')} <span className="optional">({t('common.optional')})</span>
      </legend>
      <p className="coauthor-draft__hint">{t('coauthors.draft.hint')}</p>
      {value.length > 0 ? (
        <ul className="coauthor-draft__list">
          {value.map((e) => (
            <li key={e}>
              <span>{e}</span>{' '}
              <Button variant="secondaryNoBorder" onClick={() => onChange(value.filter((v) => v !== e))}>
                {t('coauthors.draft.remove', { email: e })}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="coauthor-invite">
        <TextInput
          id="coauthor-draft-email"
          type="email"
          labelText={t('coauthors.invite.email')}
          value={email}
          status={invalid ? 'error' : 'default'}
          statusText={invalid ? t('coauthors.invite.invalid') : undefined}
          onChange={(v) => setEmail(String(v ?? ''))}
          onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
            // Enter adds the address instead of submitting the whole proposal.
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          fullWidth
        />
        <Button variant="secondary" onClick={add} disabled={value.length >= 10}>
          {t('coauthors.draft.add')}
        </Button>
      </div>
    </fieldset>
  );
}
