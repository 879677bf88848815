import { useRef, useState, type FormEvent } from 'react';
import { Button, Heading, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '@/components/problem-alert';
import { errorMessage } from '@/components/problem-message';
import { fieldErrorMap, toProblem } from '@/lib/problem';
import { announce } from '@/lib/status';
import { useDeleteAccount } from '../api/delete-account';
import { useExportData } from '../api/export-data';

/** "Download my data": the server's JSON export, saved as a file. */
export function DataExport() {
  const { t } = useTranslation();
  const exp = useExportData();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section aria-labelledby="data-title" className="profile-section">
      <Heading variant="h2" id="data-title" className="section-title">
        {t('profile.data.title')}
      </Heading>
      <Paragraph>{t('profile.data.text')}</Paragraph>
      <div className="form__actions">
        <Button
          variant="secondary"
          disabled={exp.isPending}
          onClick={() => {
            setSaved(null);
            exp.mutate(undefined, { onSuccess: ({ name }) => setSaved(name) });
          }}
        >
          {t('profile.data.download')}
        </Button>
      </div>
      {exp.isError ? <ProblemAlert error={exp.error} /> : null}
      <p aria-live="polite" className="form__status">
        {saved ? t('profile.data.downloaded', { file: saved }) : ''}
      </p>
    </section>
  );
}

/** "Delete my account", behind a dialog that asks for the password. */
export function DeleteAccount() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="delete-title" className="profile-section profile-section--danger">
      <Heading variant="h2" id="delete-title" className="section-title">
        {t('profile.delete.title')}
      </Heading>
      <Paragraph>{t('profile.delete.text')}</Paragraph>
      <div className="form__actions">
        <Button variant="secondary" onClick={() => setOpen(true)}>
          {t('profile.delete.button')}
        </Button>
      </div>
      {open ? <DeleteDialog onClose={() => setOpen(false)} /> : null}
    </section>
  );
}

function DeleteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteAccount();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const fe = fieldErrorMap(remove.error).password;
  const wrong = remove.error ? toProblem(remove.error).code === 'wrong_password' : false;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (password === '') {
      setMissing(true);
      ref.current?.focus();
      return;
    }
    setMissing(false);
    remove.mutate(
      { password },
      {
        onSuccess: async () => {
          // The account is gone and so are its sessions: to the front page, which says what
          // happened and signs out here once the profile is left (`endSession`, see the layout).
          announce(t('profile.delete.done'), '/');
          await navigate('/', { replace: true, state: { endSession: true } });
        },
        onError: () => requestAnimationFrame(() => ref.current?.focus()),
      },
    );
  };
  const passwordError = missing ? t('profile.delete.passwordMissing') : fe || wrong ? errorMessage(t, remove.error) : undefined;
  return (
    <Modal visible appElementId="root" onEscKeyDown={onClose} focusOnOpenRef={ref} className="delete-dialog">
      <ModalContent>
        <ModalTitle>{t('profile.delete.dialogTitle')}</ModalTitle>
        <Paragraph>{t('profile.delete.dialogText')}</Paragraph>
        {remove.error && !passwordError ? <ProblemAlert error={remove.error} /> : null}
        <form id="delete-account-form" className="dialog-fields" onSubmit={submit} noValidate>
          <TextInput
            id="delete-password"
            type="password"
            autoComplete="current-password"
            labelText={t('profile.delete.password')}
            value={password}
            onChange={(v) => setPassword(String(v ?? ''))}
            status={passwordError ? 'error' : 'default'}
            statusText={passwordError}
            ref={ref}
            fullWidth
          />
        </form>
      </ModalContent>
      <ModalFooter>
        <Button type="submit" form="delete-account-form" disabled={remove.isPending}>
          {t('profile.delete.confirm')}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
