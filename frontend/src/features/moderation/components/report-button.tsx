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
import { announce } from '@/lib/status';
import { reportReasonValues, type ReportReason } from '@/lib/types';
import { REPORT_NOTE_MAX, useReportContent } from '../api/report-content';
import type { ContentRef } from '../api/types';

interface Props {
  target: ContentRef;
  /** The proposal the content is on (itself, or the comment's). */
  proposalId: string;
}

/** "Report inappropriate content" and its dialog; the page offers it only when `viewer_can_report`. */
export function ReportButton({ target, proposalId }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondaryNoBorder" className="report-button" onClick={() => setOpen(true)}>
        {t(target.kind === 'proposal' ? 'moderation.report.proposal' : 'moderation.report.comment')}
      </Button>
      {open ? (
        <ReportDialog
          target={target}
          proposalId={proposalId}
          onClose={(sent) => {
            setOpen(false);
            // Reported (or hidden by the report), this button is gone: keep the keyboard at the
            // content that was reported rather than at the top of the page.
            if (sent) requestAnimationFrame(() => refocus(target));
          }}
        />
      ) : null}
    </>
  );
}

/** Focus on the reported comment (its anchor), or the page's content for a proposal, if it fell to the page. */
function refocus(target: ContentRef) {
  if (document.activeElement && document.activeElement !== document.body) return;
  const el = target.kind === 'comment' ? document.getElementById(`comment-${target.id}`) : document.getElementById('main');
  el?.focus({ preventScroll: true });
}

function ReportDialog({ target, proposalId, onClose }: Props & { onClose: (sent?: boolean) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const report = useReportContent(proposalId);
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [tooLong, setTooLong] = useState(false);
  const groupRef = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const fe = fieldErrorMap(report.error);
  const send = () => {
    if (!reason) {
      setMissing(true);
      firstRef.current?.focus();
      return;
    }
    setMissing(false);
    const trimmed = note.trim();
    // Characters as the server counts them (code points), not UTF-16 units.
    if ([...trimmed].length > REPORT_NOTE_MAX) {
      setTooLong(true);
      noteRef.current?.focus();
      return;
    }
    setTooLong(false);
    // Awaited rather than a callback of `mutate`: once the content is read again this button
    // may be gone (reported, or hidden by the report), and the thanks must still be said.
    report
      .mutateAsync({ target, body: { reason, note: trimmed || null } })
      .then(() => {
        announce(t('moderation.report.done'));
        onClose(true);
      })
      .catch(() => undefined);
  };
  const noteError = tooLong ? t('moderation.tooLong', { max: f.number(REPORT_NOTE_MAX) }) : fieldErrorMessage(t, fe.note);
  const reasonError = missing ? t('moderation.report.reasonMissing') : fieldErrorMessage(t, fe.reason);
  const otherProblem = report.error && !fe.note && !fe.reason;
  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={firstRef} className="report-dialog">
      <ModalContent>
        <ModalTitle>{t('moderation.report.title')}</ModalTitle>
        <Paragraph>{t('moderation.report.text')}</Paragraph>
        {otherProblem ? <ProblemAlert error={report.error} /> : null}
        <div className="dialog-fields">
          <RadioButtonGroup
            ref={groupRef}
            name={`report-reason-${target.id}`}
            id={`report-reason-${target.id}`}
            labelText={t('moderation.report.reason')}
            value={reason ?? ''}
            onChange={(v) => {
              setReason(v as ReportReason);
              setMissing(false);
            }}
            groupStatus={reasonError ? 'error' : 'default'}
            groupStatusText={reasonError}
          >
            {reportReasonValues.map((r, i) => (
              <RadioButton key={r} value={r} ref={i === 0 ? firstRef : undefined}>
                {t(`moderation.reason.${r}`)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          <Textarea
            id={`report-note-${target.id}`}
            labelText={t('moderation.report.note')}
            optionalText={t('common.optional')}
            hintText={t('moderation.report.noteHint', { max: f.number(REPORT_NOTE_MAX) })}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            status={noteError ? 'error' : 'default'}
            statusText={noteError}
            ref={noteRef}
            rows={3}
            fullWidth
          />
        </div>
      </ModalContent>
      <ModalFooter>
        <Button onClick={send} disabled={report.isPending}>
          {t('moderation.report.submit')}
        </Button>
        <Button variant="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
