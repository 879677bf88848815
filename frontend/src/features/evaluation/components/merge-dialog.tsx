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
  SearchInput,
  Textarea,
} from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { useFormat } from '@/lib/format';
import { fieldErrorMap } from '@/lib/problem';
import type { Proposal } from '@/lib/types';
import { MERGE_REASON_MAX, useMerge, useMergeCandidates } from '../api/merge';

/**
 * A moderator or admin merges a duplicate into another proposal of the same call, with a
 * reason: its thumbs move over (each person counted once), both authors are credited and told.
 */
export function MergeDialog({ proposal, onClose }: { proposal: Proposal; onClose: (done?: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [into, setInto] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<{ into?: string; reason?: string }>({});
  const candidates = useMergeCandidates(proposal.call_id, q);
  const merge = useMerge(proposal.id);
  const searchRef = useRef<HTMLInputElement>(null);
  const fe = fieldErrorMap(merge.error);
  const options = (candidates.data?.items ?? []).filter((p) => p.id !== proposal.id && p.stage !== 'withdrawn' && p.stage !== 'merged');
  const confirm = () => {
    const r = reason.trim();
    const problems: typeof local = {};
    if (!into) problems.into = t('evaluation.merge.targetMissing');
    if (!r) problems.reason = t('moderation.dialog.reasonMissing');
    else if ([...r].length > MERGE_REASON_MAX) problems.reason = t('moderation.tooLong', { max: f.number(MERGE_REASON_MAX) });
    setLocal(problems);
    if (problems.into || problems.reason) return;
    const target = options.find((p) => p.id === into);
    merge.mutate(
      { into, reason: r },
      {
        onSuccess: (m) =>
          onClose(
            t('evaluation.merge.done', {
              source: m.source.number,
              target: m.target.number,
              moved: f.number(m.moved_thumbs),
              title: target?.title ?? '',
            }),
          ),
      },
    );
  };
  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={searchRef} className="merge-dialog">
      <ModalContent>
        <ModalTitle>{t('evaluation.merge.title', { number: proposal.number })}</ModalTitle>
        <Paragraph>{t('evaluation.merge.lead')}</Paragraph>
        {merge.error && !fe.reason && !fe.into ? <ProblemAlert error={merge.error} /> : null}
        <div className="dialog-fields">
          <SearchInput
            ref={searchRef}
            labelText={t('evaluation.merge.search')}
            clearButtonLabel={t('evaluation.evaluators.clear')}
            searchButtonLabel={t('evaluation.evaluators.searchButton')}
            onSearch={(v) => setQ(String(v ?? ''))}
            onChange={(v) => {
              if (!v) setQ('');
            }}
          />
          {candidates.isError ? (
            <ProblemAlert error={candidates.error} />
          ) : candidates.isPending ? (
            <Loading />
          ) : options.length === 0 ? (
            <p className="muted">{t('evaluation.merge.noCandidates')}</p>
          ) : (
            <RadioButtonGroup
              id={`merge-into-${proposal.id}`}
              name={`merge-into-${proposal.id}`}
              labelText={t('evaluation.merge.target')}
              value={into}
              onChange={setInto}
              groupStatus={local.into || fe.into ? 'error' : 'default'}
              groupStatusText={local.into ?? fieldErrorMessage(t, fe.into)}
            >
              {options.map((p) => (
                <RadioButton key={p.id} value={p.id}>
                  {t('evaluation.ranking.numbered', { number: p.number, title: p.title })}
                </RadioButton>
              ))}
            </RadioButtonGroup>
          )}
          <Textarea
            id={`merge-reason-${proposal.id}`}
            labelText={t('evaluation.merge.reason')}
            hintText={t('evaluation.merge.reasonHint', { max: f.number(MERGE_REASON_MAX) })}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            status={local.reason || fe.reason ? 'error' : 'default'}
            statusText={local.reason ?? fieldErrorMessage(t, fe.reason)}
            rows={3}
            fullWidth
          />
        </div>
      </ModalContent>
      <ModalFooter>
        <Button onClick={confirm} disabled={merge.isPending}>
          {t('evaluation.merge.confirm')}
        </Button>
        <Button variant="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
