import { useTranslation } from 'react-i18next';
import { orgLabel, orgShortName } from '@/lib/localized';
import type { components } from '@/lib/api/schema';
import { useLanguage } from '@/lib/use-language';
import { SERIES_COLORS, type ChartRow } from './chart-data';
import { ChartFigure } from './chart-figure';

type CallStats = components['schemas']['CallStats'];

/** Cross-administrative reach: proposals by how many branches they reach (1, 2, 3+), and by branch. */
export function BranchCharts({ stats }: { stats: CallStats }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const proposals = { key: 'proposals', label: t('stats.series.proposals'), color: SERIES_COLORS[0] };
  const crossing = { key: 'cross', label: t('branches.stats.crossing'), color: SERIES_COLORS[1] };
  const bucket = (b: number) =>
    stats.per_reach.filter((r) => (b === 3 ? r.branches >= 3 : r.branches === b)).reduce((n, r) => n + r.proposals, 0);
  const reach: ChartRow[] = [1, 2, 3].map((b) => ({
    label: b === 3 ? t('branches.stats.threeOrMore') : t('branches.reach', { count: b, formatted: String(b) }),
    values: { proposals: bucket(b) },
  }));
  const branches: ChartRow[] = stats.per_branch.map((b) => ({
    label: orgLabel(b.branch, lang),
    short: orgShortName(b.branch, lang),
    values: { proposals: b.proposals, cross: b.cross_administrative },
  }));
  return (
    <>
      <ChartFigure
        title={t('branches.stats.perReach')}
        labelHeader={t('branches.stats.reach')}
        kind="bar"
        rows={reach}
        series={[proposals]}
      />
      <ChartFigure
        title={t('branches.stats.perBranch')}
        labelHeader={t('branches.stats.branch')}
        kind="bar"
        horizontal
        rows={branches}
        series={[proposals, crossing]}
      />
    </>
  );
}
