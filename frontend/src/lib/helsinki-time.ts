/**
 * Admins type call windows as wall-clock times in Finland; the API takes UTC (RFC 3339).
 * These convert between a `datetime-local` value ("2026-03-29T03:30") read in Europe/Helsinki
 * and a UTC instant, with Intl's time-zone data, so daylight saving time is handled:
 * - a time skipped when clocks spring forward (03:00–03:59 on the last Sunday of March) moves
 *   forward by the gap (03:30 → 04:30 EEST), as the platform's `Temporal` "compatible" rule does;
 * - a time that happens twice when clocks fall back (03:00–03:59 on the last Sunday of October)
 *   means the first of the two (still EEST, +03:00).
 */
export const HELSINKI = 'Europe/Helsinki';

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: HELSINKI,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The Helsinki wall clock at an instant, as if it were UTC, in ms. */
function wallClock(utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const get = (k: string) => parts[k] ?? 0;
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** Helsinki's offset from UTC at an instant, in ms (+2 h in winter, +3 h in summer). */
function offsetAt(utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallClock(whole) - whole;
}

/** "2026-01-15T12:00" in Helsinki → "2026-01-15T10:00:00Z"; null when it is not such a value. */
export function helsinkiToUtc(local: string): string | null {
  const m = LOCAL_RE.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return null;
  const HALF_DAY = 12 * 3600_000;
  const before = offsetAt(wall - HALF_DAY);
  const after = offsetAt(wall + HALF_DAY);
  // The instants that show this wall time, earliest first (two when clocks fall back).
  const candidates = [wall - before, wall - after]
    .filter((t, i, all) => all.indexOf(t) === i && wallClock(t) === wall)
    .sort((a, b) => a - b);
  // None: the time was skipped; read it with the offset from before the jump.
  const instant = candidates[0] ?? wall - before;
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A UTC instant → the `datetime-local` value ("YYYY-MM-DDTHH:mm") of its Helsinki wall time. */
export function utcToHelsinki(iso: string): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  return new Date(wallClock(t)).toISOString().slice(0, 16);
}
