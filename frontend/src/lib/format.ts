/**
 * Dates and numbers per the reader's locale with Intl. Times show in Finland's time zone,
 * the zone the calls are run in (and the one admins type their windows in).
 *
 * The conventions (see ../shared/LANGUAGE.md): Finnish `14.12.2026 klo 15.22`, Finland-Swedish
 * `14.12.2026 kl. 15.22` (Intl's `sv-FI` has no "kl."), both with numeric dates `14.12.2026`;
 * English `14 Dec 2026, 15:22` and `14 Dec 2026` (en-GB: the month named, so that the order of
 * day and month is never in doubt for a reader used to either).
 */
import { useTranslation } from 'react-i18next';
import { HELSINKI } from './helsinki-time';
import { isLanguage, type Language } from './i18n';

const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export function localeOf(lang: string): string {
  return isLanguage(lang) ? LOCALES[lang] : LOCALES.fi;
}

/**
 * Intl's formatters are costly to make (each loads its locale's data) and cheap to reuse: a
 * list of cards formats a few numbers and dates per card. One of each kind per locale.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The word before the time of day in Finnish and Swedish: `klo 15.22`, `kl. 15.22`. */
const CLOCK: Partial<Record<Language, string>> = { fi: 'klo', sv: 'kl.' };

type Parts = { day: string; month: string; year: string; hour: string; minute: string };

/** Day, month, year, hour and minute in Helsinki; only the minute has a leading zero. */
function helsinkiParts(iso: string): Parts {
  const parts = cached(
    'parts',
    () =>
      new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: HELSINKI,
      }),
  ).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const num = (type: Intl.DateTimeFormatPartTypes) => String(Number(get(type)));
  return { day: num('day'), month: num('month'), year: get('year'), hour: num('hour'), minute: get('minute') };
}

/** A date: `24.11.2026` in Finnish and Swedish, `24 Nov 2026` in English. */
export function formatDate(iso: string, lang: string): string {
  if (lang === 'en') {
    return cached('date:en', () => new Intl.DateTimeFormat(LOCALES.en, { dateStyle: 'medium', timeZone: HELSINKI })).format(new Date(iso));
  }
  const p = helsinkiParts(iso);
  return `${p.day}.${p.month}.${p.year}`;
}

/** A date and time: `14.12.2026 klo 15.22`, `14.12.2026 kl. 15.22`, `14 Dec 2026, 15:22`. */
export function formatDateTime(iso: string, lang: string): string {
  const clock = isLanguage(lang) ? CLOCK[lang] : CLOCK.fi;
  if (!clock) {
    return cached(
      'dateTime:en',
      () => new Intl.DateTimeFormat(LOCALES.en, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone: HELSINKI }),
    ).format(new Date(iso));
  }
  const p = helsinkiParts(iso);
  return `${p.day}.${p.month}.${p.year} ${clock} ${p.hour}.${p.minute}`;
}

export function formatNumber(n: number, lang: string): string {
  const locale = localeOf(lang);
  return cached(`number:${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

/** A score or a mean with two decimals: `3,75` in Finnish and Swedish, `3.75` in English. */
export function formatDecimal(n: number, lang: string): string {
  const locale = localeOf(lang);
  return cached(`decimal:${locale}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(n);
}

/** "in 3 days", "2 hours ago": the largest unit that fits. */
export function formatRelative(iso: string, lang: string, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const locale = localeOf(lang);
  const rtf = cached(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;
  if (abs >= 2 * day) return rtf.format(Math.round(diff / day), 'day');
  if (abs >= hour) return rtf.format(Math.round(diff / hour), 'hour');
  return rtf.format(Math.round(diff / minute), 'minute');
}

export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    date: (iso: string) => formatDate(iso, lang),
    dateTime: (iso: string) => formatDateTime(iso, lang),
    number: (n: number) => formatNumber(n, lang),
    decimal: (n: number) => formatDecimal(n, lang),
    relative: (iso: string) => formatRelative(iso, lang),
  };
}
