/**
 * Dates and numbers per the reader's locale with Intl. Times show in Finland's time zone,
 * the zone the calls are run in (and the one admins type their windows in).
 */
import { useTranslation } from 'react-i18next';
import { HELSINKI } from './helsinki-time';
import { isLanguage, type Language } from './i18n';

const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export function localeOf(lang: string): string {
  return isLanguage(lang) ? LOCALES[lang] : LOCALES.fi;
}

export function formatDate(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: HELSINKI }).format(new Date(iso));
}

export function formatDateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: HELSINKI,
  }).format(new Date(iso));
}

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

/** "in 3 days", "2 hours ago": the largest unit that fits. */
export function formatRelative(iso: string, lang: string, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'auto' });
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
    relative: (iso: string) => formatRelative(iso, lang),
  };
}
