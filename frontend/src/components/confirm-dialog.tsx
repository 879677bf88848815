import { useRef } from 'react';
import { Button, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  text: string;
  confirmText: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}

/**
 * A yes/no question in a modal dialog. The design system's Modal (react-modal) traps focus
 * inside while open and gives it back to the element that opened it when closed.
 */
export function ConfirmDialog({ open, title, text, confirmText, onConfirm, onCancel, busy = false }: Props) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal visible={open} appElementId="root" onEscKeyDown={onCancel} focusOnOpenRef={cancelRef} variant="default">
      <ModalContent>
        <ModalTitle>{title}</ModalTitle>
        <Paragraph>{text}</Paragraph>
      </ModalContent>
      <ModalFooter>
        <Button onClick={onConfirm} disabled={busy}>
          {confirmText}
        </Button>
        <Button variant="secondary" onClick={onCancel} ref={cancelRef}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
