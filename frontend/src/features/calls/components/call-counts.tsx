import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { Call } from '@/lib/types';

export function CallCounts({ counts }: { counts: Call['counts'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const items = [
    ['proposals', counts.proposals],
    ['thumbs', counts.thumbs],
    ['comments', counts.comments],
    ['participants', counts.participants],
  ] as const;
  return (
    <dl className="call-counts">
      {items.map(([key, n]) => (
        <div key={key} className="call-counts__item">
          <dt>{t(`calls.counts.${key}`, { count: n })}</dt>
          <dd>{f.number(n)}</dd>
        </div>
      ))}
    </dl>
  );
}
