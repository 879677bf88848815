/**
 * Texts in Finnish (the default), Swedish and English. The chosen language is remembered in
 * localStorage and set as `<html lang>`; when signed in it is also saved to the profile
 * (see `app/language-sync.tsx`).
 */
import i18n, { type ParseKeys } from 'i18next';
import { initReactI18next } from 'react-i18next';
import fi from '../locales/fi.json';
import { languageValues } from './api/schema';
import type { Language } from './types';

/** The contract's languages, which are the interface's: each needs its catalogue below. */
export const LANGUAGES: readonly Language[] = languageValues;
export type { Language };
export const LANGUAGE_KEY = 'siilo.language';

/** A key of the catalogues (typed in `i18next.d.ts`), for a text chosen before `t()` is called. */
export type TextKey = ParseKeys<'translation'>;

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // Not remembered across reloads; the profile still has it when signed in.
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'fi';
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

// Finnish is bundled; Swedish and English load when first chosen (each is its own small chunk).
const catalogues: Record<Exclude<Language, 'fi'>, () => Promise<{ default: object }>> = {
  sv: () => import('../locales/sv.json'),
  en: () => import('../locales/en.json'),
};

async function loadCatalogue(lang: Language): Promise<void> {
  if (lang === 'fi' || i18n.hasResourceBundle(lang, 'translation')) return;
  const { default: texts } = await catalogues[lang]();
  i18n.addResourceBundle(lang, 'translation', texts);
}

/** Switches the interface language once its texts are there. */
export async function setLanguage(lang: Language): Promise<void> {
  await loadCatalogue(lang);
  await i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { fi: { translation: fi } },
  partialBundledLanguages: true,
  lng: 'fi',
  fallbackLng: 'fi',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves when the remembered language is ready: render after it, so no Finnish flashes by. */
export const i18nReady: Promise<void> = setLanguage(storedLanguage() ?? 'fi').catch(() => undefined);

export default i18n;
