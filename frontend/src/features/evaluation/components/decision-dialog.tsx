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
import { decisionStageValues, type DecisionStage, type RankingItem } from '@/lib/eval-types';
import { useFormat } from '@/lib/format';
import { LANGUAGES, type Language } from '@/lib/i18n';
import { fieldErrorMap } from '@/lib/problem';
import { ANSWER_MAX, useDecide, useUndecide } from '../api/decisions';

type Answers = Record<Language, string>;

/**
 * An admin's decision on a proposal: its stage and a public answer in Finnish, Swedish and
 * English (each optional). Before the results are published only admins and evaluators see it.
 */
export function DecisionDialog({ item, onClose }: { item: RankingItem; onClose: (done?: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const decide = useDecide(item.proposal.id);
  const undecide = useUndecide(item.proposal.id);
  const [stage, setStage] = useState<DecisionStage | ''>(item.decision?.stage ?? '');
  const [answers, setAnswers] = useState<Answers>({
    fi: item.decision?.answer.fi ?? '',
    sv: item.decision?.answer.sv ?? '',
    en: item.decision?.answer.en ?? '',
  });
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const fe = fieldErrorMap(decide.error);
  const over = (l: Language) => [...answers[l]].length > ANSWER_MAX;
  const id = item.proposal.id;
  const save = () => {
    if (stage === '') {
      setMissing(true);
      return;
    }
    if (LANGUAGES.some(over)) return;
    decide.mutate(
      { stage, answer: { fi: answers.fi.trim() || null, sv: answers.sv.trim() || null, en: answers.en.trim() || null } },
      { onSuccess: () => onClose(t('evaluation.decision.saved', { number: item.proposal.number })) },
    );
  };
  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={first} className="decision-dialog">
      <ModalContent>
        <ModalTitle>{t('evaluation.decision.title', { number: item.proposal.number, title: item.proposal.title })}</ModalTitle>
        <Paragraph>{t('evaluation.decision.lead')}</Paragraph>
        {decide.error && !Object.keys(fe).length ? <ProblemAlert error={decide.error} /> : null}
        {undecide.error ? <ProblemAlert error={undecide.error} /> : null}
        <div className="dialog-fields">
          <RadioButtonGroup
            id={`stage-${id}`}
            name={`stage-${id}`}
            labelText={t('evaluation.decision.stage')}
            value={stage}
            onChange={(v) => {
              setStage(v as DecisionStage);
              setMissing(false);
            }}
            groupStatus={missing || fe.stage ? 'error' : 'default'}
            groupStatusText={missing ? t('evaluation.decision.stageMissing') : fieldErrorMessage(t, fe.stage)}
          >
            {decisionStageValues.map((s, i) => (
              <RadioButton key={s} value={s} ref={i === 0 ? first : undefined}>
                {t(`proposals.stage.${s}`)}
              </RadioButton>
            ))}
          </RadioButtonGroup>
          {LANGUAGES.map((l) => (
            <Textarea
              key={l}
              id={`answer-${id}-${l}`}
              labelText={t(`evaluation.decision.answerIn.${l}`)}
              optionalText={t('common.optional')}
              hintText={l === 'fi' ? t('evaluation.decision.answerHint', { max: f.number(ANSWER_MAX) }) : undefined}
              value={answers[l]}
              onChange={(e) => setAnswers((old) => ({ ...old, [l]: e.target.value }))}
              status={over(l) || fe[`answer.${l}`] ? 'error' : 'default'}
              statusText={over(l) ? t('moderation.tooLong', { max: f.number(ANSWER_MAX) }) : fieldErrorMessage(t, fe[`answer.${l}`])}
              rows={3}
              fullWidth
            />
          ))}
        </div>
      </ModalContent>
      <ModalFooter>
        <Button onClick={save} disabled={decide.isPending}>
          {t('evaluation.decision.save')}
        </Button>
        {item.decision ? (
          <Button
            variant="secondary"
            disabled={undecide.isPending}
            onClick={() =>
              undecide.mutate(undefined, { onSuccess: () => onClose(t('evaluation.decision.removed', { number: item.proposal.number })) })
            }
          >
            {t('evaluation.decision.remove')}
          </Button>
        ) : null}
        <Button variant="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
