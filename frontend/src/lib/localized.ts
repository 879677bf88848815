import type { components } from './api/schema';
import type { Language } from './i18n';

type Texts = components['schemas']['Texts'];
type LocalizedText = components['schemas']['LocalizedText'];

/** An admin-written text in the reader's language, falling back to Finnish as the contract says. */
export function pick(texts: Texts | LocalizedText | null | undefined, lang: Language): string {
  if (!texts) return '';
  const v = texts[lang];
  return v && v.trim() !== '' ? v : texts.fi;
}

/**
 * The `lang` attribute for a text picked with {@link pick}: the Finnish fallback is marked as
 * Finnish so that screen readers pronounce it right; undefined when it is in the reader's language.
 */
export function fallbackLang(texts: Texts | LocalizedText | null | undefined, lang: Language): 'fi' | undefined {
  if (!texts || lang === 'fi') return undefined;
  const v = texts[lang];
  return v && v.trim() !== '' ? undefined : 'fi';
}
