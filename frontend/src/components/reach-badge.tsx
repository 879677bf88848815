import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';

/** "3 hallinnonalaa" on a proposal that crosses administrative branches; nothing below two. */
export function ReachBadge({ reach }: { reach: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (reach < 2) return null;
  return <span className="reach-badge">{t('branches.reach', { count: reach, formatted: f.number(reach) })}</span>;
}
