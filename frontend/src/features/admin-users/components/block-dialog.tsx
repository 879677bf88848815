import { useRef, useState } from 'react';
import { Button, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { fieldErrorMap } from '@/lib/problem';
import type { UserAdmin } from '@/lib/types';
import { BLOCKED_REASON_MAX, useUpdateUser } from '../api/update-user';

interface Props {
  user: UserAdmin | null;
  onClose: (done?: string) => void;
}

/**
 * Blocking asks for confirmation and an optional reason (kept for the audit log); unblocking
 * is a plain confirmation. The design system's Modal keeps focus inside and gives it back.
 */
export function BlockDialog({ user, onClose }: Props) {
  return user ? <OpenBlockDialog key={user.id} user={user} onClose={onClose} /> : null;
}

function OpenBlockDialog({ user, onClose }: { user: UserAdmin; onClose: (done?: string) => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [reason, setReason] = useState('');
  const [tooLong, setTooLong] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const blocking = !user.blocked;
  const name = user.display_name;
  const fe = fieldErrorMap(update.error).blocked_reason;
  const confirm = () => {
    const trimmed = reason.trim();
    // Characters as the server counts them (code points), not UTF-16 units.
    if (blocking && [...trimmed].length > BLOCKED_REASON_MAX) {
      setTooLong(true);
      reasonRef.current?.focus();
      return;
    }
    setTooLong(false);
    const body = blocking ? { blocked: true, ...(trimmed ? { blocked_reason: trimmed } : {}) } : { blocked: false };
    update.mutate(
      { id: user.id, body },
      { onSuccess: () => onClose(t(blocking ? 'admin.users.blockedDone' : 'admin.users.unblockedDone', { name })) },
    );
  };
  const reasonError = tooLong ? t('admin.users.blockReasonTooLong', { max: BLOCKED_REASON_MAX }) : fieldErrorMessage(t, fe);
  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={blocking ? reasonRef : cancelRef}>
      <ModalContent>
        <ModalTitle>{t(blocking ? 'admin.users.blockTitle' : 'admin.users.unblockTitle', { name })}</ModalTitle>
        <Paragraph>{t(blocking ? 'admin.users.blockText' : 'admin.users.unblockText')}</Paragraph>
        {update.error && !fe ? <ProblemAlert error={update.error} /> : null}
        {blocking ? (
          <Textarea
            id="block-reason"
            className="block-reason"
            labelText={t('admin.users.blockReason')}
            hintText={t('admin.users.blockReasonHint', { max: BLOCKED_REASON_MAX })}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            status={reasonError ? 'error' : 'default'}
            statusText={reasonError}
            ref={reasonRef}
            rows={3}
            fullWidth
          />
        ) : null}
      </ModalContent>
      <ModalFooter>
        <Button onClick={confirm} disabled={update.isPending}>
          {t(blocking ? 'admin.users.blockConfirm' : 'admin.users.unblockConfirm')}
        </Button>
        <Button variant="secondary" onClick={() => onClose()} ref={cancelRef}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
