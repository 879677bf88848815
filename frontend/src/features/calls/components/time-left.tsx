import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { TextKey } from '@/lib/i18n';
import type { Call } from '@/lib/types';

/** What the call waits for next and when: "Submissions close in 5 days (8 December 2026)". */
export function TimeLeft({ call }: { call: Call }) {
  const { t } = useTranslation();
  const f = useFormat();
  const next: { key: TextKey; at: string } | null =
    call.phase === 'upcoming'
      ? { key: 'calls.timeLeft.opens', at: call.opens_at }
      : call.phase === 'open'
        ? { key: 'calls.timeLeft.submissionsClose', at: call.submissions_close_at }
        : call.phase === 'voting'
          ? { key: 'calls.timeLeft.votingCloses', at: call.voting_closes_at }
          : null;
  if (!next) return null;
  return (
    <p className="time-left">
      {t(next.key, { relative: f.relative(next.at) })} <time dateTime={next.at}>({f.dateTime(next.at)})</time>
    </p>
  );
}
