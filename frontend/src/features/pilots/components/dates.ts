/**
 * Dates as people type them (`1.12.2026`, the Finnish and Swedish order, also for English
 * readers of a Finnish service) and as the contract sends them (`2026-12-01`).
 */

/** `1.12.2026` or `01.12.2026` → `2026-12-01`; null when it is not a real date. */
export function parseTypedDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y)}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `2026-12-01` → `1.12.2026`, as the date field shows it. */
export function typedDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${String(Number(m[3]))}.${String(Number(m[2]))}.${m[1]}` : '';
}

/** Today in Helsinki as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
