import { lazy, Suspense, useId, useState } from 'react';
import { Button, Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { ChartRow, ChartSeries } from './chart-data';

/** Recharts and the charts, in a chunk of their own. */
const Chart = lazy(() => import('./charts'));

interface Props {
  title: string;
  /** What the first column of the table holds (Day, Theme, Organisation). */
  labelHeader: string;
  kind: 'bar' | 'line';
  rows: ChartRow[];
  series: ChartSeries[];
  horizontal?: boolean;
}

/**
 * A chart and its table alternative. The chart is hidden from assistive technology; the table
 * with the same numbers is always in the page for screen readers, and shown to everyone with
 * "Show as a table".
 */
export function ChartFigure({ title, labelHeader, kind, rows, series, horizontal }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const id = useId();
  const [table, setTable] = useState(false);
  return (
    <section className="chart-figure" aria-labelledby={`${id}-title`}>
      <div className="chart-figure__head">
        <Heading variant="h3" id={`${id}-title`}>
          {title}
        </Heading>
        {rows.length > 0 ? (
          <Button variant="secondaryNoBorder" aria-controls={`${id}-table`} aria-expanded={table} onClick={() => setTable((v) => !v)}>
            {table ? t('stats.hideTable') : t('stats.showTable')}
          </Button>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p>{t('stats.noData')}</p>
      ) : (
        <>
          <div className="chart-figure__chart" aria-hidden="true">
            <Suspense fallback={<div className="chart-figure__placeholder" />}>
              <Chart kind={kind} rows={rows} series={series} horizontal={horizontal} formatNumber={f.number} />
            </Suspense>
          </div>
          <div id={`${id}-table`} className={table ? 'table-scroll' : 'visually-hidden'}>
            <table className="table data-table">
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{labelHeader}</th>
                  {series.map((s) => (
                    <th key={s.key} scope="col" className="num">
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    {series.map((s) => (
                      <td key={s.key} className="num">
                        {f.number(r.values[s.key] ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
