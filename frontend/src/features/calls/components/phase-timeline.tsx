import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { Call, Phase } from '@/lib/types';

const ORDER: Phase[] = ['upcoming', 'open', 'voting', 'review', 'results'];

/** The call's life as a list of phases with their dates; the current one is marked. */
export function PhaseTimeline({ call }: { call: Call }) {
  const { t } = useTranslation();
  const f = useFormat();
  const current = ORDER.indexOf(call.phase);
  const steps: { phase: Phase; at: string | null | undefined; key: string }[] = [
    { phase: 'upcoming', at: call.published_at, key: 'calls.timeline.published' },
    { phase: 'open', at: call.opens_at, key: 'calls.timeline.opens' },
    { phase: 'voting', at: call.submissions_close_at, key: 'calls.timeline.submissionsClose' },
    { phase: 'review', at: call.voting_closes_at, key: 'calls.timeline.votingCloses' },
    { phase: 'results', at: call.results_published_at, key: 'calls.timeline.results' },
  ];
  return (
    <ol className="timeline" aria-label={t('calls.timeline.title')}>
      {steps.map((s, i) => {
        const state = call.phase === 'archived' || call.phase === 'draft' ? 'none' : i < current ? 'past' : i === current ? 'current' : 'future';
        return (
          <li key={s.phase} className={`timeline__step timeline__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="timeline__phase">{t(`calls.phase.${s.phase}`)}</span>
            <span className="timeline__date">
              {t(s.key)}: {s.at ? <time dateTime={s.at}>{f.dateTime(s.at)}</time> : t('calls.timeline.notYet')}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
