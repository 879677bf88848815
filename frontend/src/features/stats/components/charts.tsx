/**
 * The charts, drawn with Recharts. This module is loaded on demand (React.lazy) by the
 * statistics page only, so the charting library is never in the first page's bundle. The charts
 * are pictures for sighted readers; each has a table with the same numbers beside it.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { toChartRows, type ChartRow, type ChartSeries } from './chart-data';

interface Props {
  kind: 'bar' | 'line';
  rows: ChartRow[];
  series: ChartSeries[];
  /** Horizontal bars, for long labels (themes, organisations). */
  horizontal?: boolean;
  formatNumber: (n: number) => string;
}

/** An axis label short enough for one line beside the bars. */
function shorten(label: string): string {
  return label.length > 24 ? `${label.slice(0, 23).trimEnd()}…` : label;
}

export default function Chart({ kind, rows, series, horizontal = false, formatNumber }: Props) {
  const data = toChartRows(rows);
  const height = horizontal ? Math.max(160, rows.length * 44 + 72) : 280;
  const tick = { fontSize: 13, fill: '#212121' };
  return (
    <ResponsiveContainer width="100%" height={height}>
      {kind === 'line' ? (
        <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#c8cdd0" />
          <XAxis dataKey="label" tick={tick} minTickGap={16} />
          <YAxis allowDecimals={false} tick={tick} tickFormatter={formatNumber} width={48} />
          <Tooltip formatter={(v) => formatNumber(Number(v))} />
          <Legend />
          {series.map((s) => (
            <Line
              key={s.key}
              type="linear"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              dot={rows.length < 40}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      ) : (
        <BarChart
          data={data}
          layout={horizontal ? 'vertical' : 'horizontal'}
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#c8cdd0" />
          {horizontal ? (
            <>
              <XAxis type="number" allowDecimals={false} tick={tick} tickFormatter={formatNumber} />
              {/* A long name is cut on the axis; the tooltip and the table alternative have it whole. */}
              <YAxis type="category" dataKey="label" tick={tick} width={170} interval={0} tickFormatter={shorten} />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tick={tick} />
              <YAxis allowDecimals={false} tick={tick} tickFormatter={formatNumber} width={48} />
            </>
          )}
          <Tooltip formatter={(v) => formatNumber(Number(v))} />
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ResponsiveContainer>
  );
}
