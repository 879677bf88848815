/** What a chart and its table show: one row per label, one number per series. */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface ChartRow {
  label: string;
  /** A date or an abbreviation, when the axis shows less than the table. */
  short?: string;
  values: Record<string, number>;
}

/** The design system's blues and a contrasting accent, each at least 3:1 against white. */
export const SERIES_COLORS = ['#2a6ebb', '#1d8244', '#c2410c'] as const;

/** Recharts' rows: the label and each series' number as fields. */
export function toChartRows(rows: ChartRow[]): Record<string, string | number>[] {
  return rows.map((r) => ({ label: r.short ?? r.label, ...r.values }));
}
