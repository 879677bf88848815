import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { TextKey } from '@/lib/i18n';
import type { Call, Phase } from '@/lib/types';

type StepPhase = Exclude<Phase, 'draft' | 'archived'>;
type StepState = 'past' | 'current' | 'future' | 'none';

/** One dated line under a step: its label is worded by time (`Avautui` / `Avautuu`). */
export interface TimelineLine {
  label: TextKey;
  at: string | null;
}

export interface TimelineStep {
  phase: StepPhase;
  state: StepState;
  lines: TimelineLine[];
}

const ORDER: StepPhase[] = ['upcoming', 'open', 'voting', 'review', 'results'];

/** Each step's title, a noun: the upcoming phase is the step of publication. */
const TITLE: Record<StepPhase, TextKey> = {
  upcoming: 'calls.timeline.step.published',
  open: 'calls.timeline.step.open',
  voting: 'calls.timeline.step.voting',
  review: 'calls.timeline.step.review',
  results: 'calls.timeline.step.results',
};

/** The catalogue key of a line's label: the past form once the moment has passed. */
function worded(at: string | null | undefined, now: number, future: TextKey, past: TextKey): TimelineLine {
  return { label: at && Date.parse(at) <= now ? past : future, at: at ?? null };
}

/**
 * The call's life as steps in time order, each titled by its phase as a noun (`Peukutus`) with
 * the dates that bound it, worded in the past or the future by the time `now`. A call published
 * after it opened lists its publication after the opening, where it happened.
 */
export function timelineSteps(call: Call, now: number): TimelineStep[] {
  const p = 'calls.timeline.';
  const lines: Record<StepPhase, TimelineLine[]> = {
    upcoming: call.published_at ? [{ label: `${p}published`, at: call.published_at }] : [],
    open: [worded(call.opens_at, now, `${p}opens`, `${p}opened`), worded(call.submissions_close_at, now, `${p}closes`, `${p}closed`)],
    voting: [worded(call.voting_closes_at, now, `${p}closes`, `${p}closed`)],
    review: [worded(call.voting_closes_at, now, `${p}starts`, `${p}started`)],
    results: call.results_published_at
      ? [{ label: `${p}published`, at: call.results_published_at }]
      : [{ label: `${p}resultsLater`, at: null }],
  };
  const current = ORDER.indexOf(call.phase as StepPhase);
  const steps = ORDER.filter((phase) => phase !== 'upcoming' || lines.upcoming.length > 0).map((phase) => {
    const i = ORDER.indexOf(phase);
    const state: StepState = current < 0 ? 'none' : i < current ? 'past' : i === current ? 'current' : 'future';
    return { phase, state, lines: lines[phase] };
  });
  // Steps are in time order by construction, except that a call can be published after it opened.
  const first = (s: TimelineStep) => Date.parse(s.lines[0]?.at ?? '') || Number.POSITIVE_INFINITY;
  const published = steps.find((s) => s.phase === 'upcoming');
  const open = steps.find((s) => s.phase === 'open');
  if (published && open && first(published) > first(open)) {
    steps.splice(steps.indexOf(published), 1);
    steps.splice(steps.indexOf(open) + 1, 0, published);
  }
  return steps;
}

/** The call's schedule: its phases as steps, with dates worded by time; the current one is marked. */
export function PhaseTimeline({ call, now }: { call: Call; now?: number }) {
  const { t } = useTranslation();
  // The clock as the page opened: a page left open over a deadline is reworded on the next load.
  const [openedAt] = useState(() => Date.now());
  const f = useFormat();
  return (
    <ol className="timeline" aria-label={t('calls.timeline.title')}>
      {timelineSteps(call, now ?? openedAt).map((s) => (
        <li key={s.phase} className={`timeline__step timeline__step--${s.state}`} aria-current={s.state === 'current' ? 'step' : undefined}>
          <span className="timeline__phase">{t(TITLE[s.phase])}</span>
          {s.lines.map((line) => (
            <span key={line.label} className="timeline__date">
              {line.at ? (
                <>
                  {t(line.label)}: <time dateTime={line.at}>{f.dateTime(line.at)}</time>
                </>
              ) : (
                t(line.label)
              )}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}
