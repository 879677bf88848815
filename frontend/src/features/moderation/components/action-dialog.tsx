import { useRef, useState } from 'react';
import {
  Button,
  Modal,
  ModalContent,
  ModalFooter,
  ModalTitle,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  Textarea,
} from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { useFormat } from '@/lib/format';
import { fieldErrorMap } from '@/lib/problem';
import { reportReasonValues, type AppealOutcome, type ModeratorAction, type ReportReason } from '@/lib/types';
import { MODERATION_TEXT_MAX, useDecideAppeal, useTakeAction } from '../api/take-action';
import type { QueueItem } from '../api/types';

/** What a moderator does to a queue item: an action on its content, or the decision of its appeal. */
export type Act = { kind: 'action'; action: ModeratorAction } | { kind: 'decision'; outcome: AppealOutcome };

/**
 * The texts' key of an act. Hiding content that reports already hid confirms the hide (the
 * server upholds the reports and tells the author the reason), so it reads as such.
 */
export const actKey = (act: Act, item: QueueItem) =>
  act.kind === 'decision' ? act.outcome : act.action === 'hide' && item.target.visibility === 'hidden' ? 'confirm_hide' : act.action;

const AUTO = 'auto';

interface Props {
  item: QueueItem;
  act: Act;
  /** `done` is the status to announce after success. */
  onClose: (done?: string) => void;
}

/**
 * Every act of moderation asks for a reason, which its author is shown; hiding and rejecting
 * may also leave a public note for the tombstone and name the category.
 */
export function ActionDialog({ item, act, onClose }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const action = useTakeAction();
  const decide = useDecideAppeal();
  const m = act.kind === 'action' ? action : decide;
  const key = actKey(act, item);
  const withNote = act.kind === 'action' && (act.action === 'hide' || act.action === 'reject');
  // Hiding what reports hid already keeps it hidden: the reports are upheld.
  const confirmHide = act.kind === 'action' && act.action === 'hide' && item.target.visibility === 'hidden';
  // Hiding reported content defaults to its commonest reported reason (the server's choice).
  const auto = act.kind === 'action' && act.action === 'hide' && item.open_reports > 0;
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [category, setCategory] = useState<string>(auto ? AUTO : 'other');
  const [local, setLocal] = useState<{ reason?: string; note?: string }>({});
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const fe = fieldErrorMap(m.error);
  const len = (v: string) => [...v].length;

  const confirm = () => {
    const r = reason.trim();
    const n = note.trim();
    const problems: { reason?: string; note?: string } = {};
    if (r === '') problems.reason = t('moderation.dialog.reasonMissing');
    else if (len(r) > MODERATION_TEXT_MAX) problems.reason = t('moderation.tooLong', { max: f.number(MODERATION_TEXT_MAX) });
    if (withNote && len(n) > MODERATION_TEXT_MAX) problems.note = t('moderation.tooLong', { max: f.number(MODERATION_TEXT_MAX) });
    setLocal(problems);
    if (problems.reason) return reasonRef.current?.focus();
    if (problems.note) return noteRef.current?.focus();
    const done = () => onClose(t(`moderation.done.${key}`));
    if (act.kind === 'decision') {
      if (!item.appeal) return;
      decide.mutate(
        { appealId: item.appeal.id, body: { outcome: act.outcome, reason: r }, proposalId: item.target.proposal_id },
        { onSuccess: done },
      );
      return;
    }
    action.mutate(
      {
        proposalId: item.target.proposal_id,
        body: {
          target: { kind: item.target.kind, id: item.target.id },
          action: act.action,
          reason: r,
          ...(withNote ? { public_note: n || null, category: category === AUTO ? null : (category as ReportReason) } : {}),
        },
      },
      { onSuccess: done },
    );
  };

  const reasonError = local.reason ?? fieldErrorMessage(t, fe.reason);
  const noteError = local.note ?? fieldErrorMessage(t, fe.public_note);
  const otherProblem = m.error && !fe.reason && !fe.public_note && !fe.category;
  const id = `${item.target.id}-${key}`;
  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={reasonRef} className="action-dialog">
      <ModalContent>
        <ModalTitle>{confirmHide ? t('moderation.dialog.confirmHide') : t(`moderation.dialog.${key}`)}</ModalTitle>
        <Paragraph>{confirmHide ? t('moderation.explain.confirmHide') : t(`moderation.explain.${key}`)}</Paragraph>
        {otherProblem ? <ProblemAlert error={m.error} /> : null}
        <div className="dialog-fields">
          <Textarea
            id={`reason-${id}`}
            labelText={t('moderation.dialog.reason')}
            hintText={t('moderation.dialog.reasonHint', { max: f.number(MODERATION_TEXT_MAX) })}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            status={reasonError ? 'error' : 'default'}
            statusText={reasonError}
            ref={reasonRef}
            rows={3}
            fullWidth
          />
          {withNote ? (
            <>
              <Textarea
                id={`note-${id}`}
                labelText={t('moderation.dialog.publicNote')}
                optionalText={t('common.optional')}
                hintText={t('moderation.dialog.publicNoteHint', { max: f.number(MODERATION_TEXT_MAX) })}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                status={noteError ? 'error' : 'default'}
                statusText={noteError}
                ref={noteRef}
                rows={2}
                fullWidth
              />
              <RadioButtonGroup
                name={`category-${id}`}
                id={`category-${id}`}
                labelText={t('moderation.dialog.category')}
                value={category}
                onChange={setCategory}
                groupStatus={fe.category ? 'error' : 'default'}
                groupStatusText={fieldErrorMessage(t, fe.category)}
              >
                {[
                  ...(auto
                    ? [
                        <RadioButton key={AUTO} value={AUTO} variant="small">
                          {t('moderation.dialog.categoryAuto')}
                        </RadioButton>,
                      ]
                    : []),
                  ...reportReasonValues.map((r) => (
                    <RadioButton key={r} value={r} variant="small">
                      {t(`moderation.reason.${r}`)}
                    </RadioButton>
                  )),
                ]}
              </RadioButtonGroup>
            </>
          ) : null}
        </div>
      </ModalContent>
      <ModalFooter>
        <Button onClick={confirm} disabled={m.isPending}>
          {confirmHide ? t('moderation.do.confirmHide') : t(`moderation.do.${key}`)}
        </Button>
        <Button variant="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
