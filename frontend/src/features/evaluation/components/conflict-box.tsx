import { useState } from 'react';
import { Button, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ProblemAlert } from '@/components/problem-alert';
import type { Reviews } from '@/lib/eval-types';
import { useFormat } from '@/lib/format';
import { announce } from '@/lib/status';
import { CONFLICT_REASON_MAX, useDeclareConflict, useWithdrawConflict } from '../api/reviews';

/** An evaluator declares a conflict of interest (then cannot review), or takes it back. */
export function ConflictBox({ proposalId, conflict }: { proposalId: string; conflict: Reviews['conflict'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const declare = useDeclareConflict(proposalId);
  const withdraw = useWithdrawConflict(proposalId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const tooLong = [...reason].length > CONFLICT_REASON_MAX;
  if (conflict) {
    return (
      <section className="side-box conflict-box" aria-labelledby="conflict-title">
        <h2 id="conflict-title" className="side-title">
          {t('evaluation.conflict.declared')}
        </h2>
        <p>{t('evaluation.conflict.declaredText', { time: f.dateTime(conflict.declared_at) })}</p>
        {conflict.reason ? <p className="pre-line">{conflict.reason}</p> : null}
        {withdraw.error ? <ProblemAlert error={withdraw.error} /> : null}
        <Button
          variant="secondary"
          disabled={withdraw.isPending}
          onClick={() => withdraw.mutate(undefined, { onSuccess: () => announce(t('evaluation.conflict.withdrawn')) })}
        >
          {t('evaluation.conflict.withdraw')}
        </Button>
      </section>
    );
  }
  return (
    <section className="conflict-box" aria-label={t('evaluation.conflict.title')}>
      {open ? (
        <div className="side-box">
          <Textarea
            id="conflict-reason"
            labelText={t('evaluation.conflict.reason')}
            optionalText={t('common.optional')}
            hintText={t('evaluation.conflict.reasonHint', { max: f.number(CONFLICT_REASON_MAX) })}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            status={tooLong ? 'error' : 'default'}
            statusText={tooLong ? t('moderation.tooLong', { max: f.number(CONFLICT_REASON_MAX) }) : undefined}
            rows={2}
            fullWidth
            autoFocus
          />
          {declare.error ? <ProblemAlert error={declare.error} /> : null}
          <div className="form-actions">
            <Button onClick={() => !tooLong && setConfirming(true)} disabled={declare.isPending}>
              {t('evaluation.conflict.declare')}
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="secondaryNoBorder" onClick={() => setOpen(true)}>
          {t('evaluation.conflict.open')}
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('evaluation.conflict.confirmTitle')}
        text={t('evaluation.conflict.confirmText')}
        confirmText={t('evaluation.conflict.declare')}
        busy={declare.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          declare.mutate(reason.trim(), { onSuccess: () => announce(t('evaluation.conflict.done')) });
        }}
      />
    </section>
  );
}
