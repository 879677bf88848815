import type { components } from './api/schema';
import type { Language } from './i18n';

type Texts = components['schemas']['FinnishRequiredText'];
type AllLanguagesText = components['schemas']['AllLanguagesText'];

/** An admin-written text in the reader's language, falling back to Finnish as the contract says. */
export function pick(texts: Texts | AllLanguagesText | null | undefined, lang: Language): string {
  if (!texts) return '';
  const v = texts[lang];
  return v && v.trim() !== '' ? v : texts.fi;
}

/**
 * The `lang` attribute for a text picked with {@link pick}: the Finnish fallback is marked as
 * Finnish so that screen readers pronounce it right; undefined when it is in the reader's language.
 */
export function fallbackLang(texts: Texts | AllLanguagesText | null | undefined, lang: Language): 'fi' | undefined {
  if (!texts || lang === 'fi') return undefined;
  const v = texts[lang];
  return v && v.trim() !== '' ? undefined : 'fi';
}

type ShortNames = components['schemas']['ShortNames'];
type Named = { code: string; name: AllLanguagesText; short_name: ShortNames };

/** An organisation's abbreviation in the reader's language (`OM`, `JM`), else its code. */
export function orgShortName(o: Named, lang: Language): string {
  const v = o.short_name[lang];
  return v.trim() !== '' ? v : o.code;
}

/** An organisation as an option or a chip: `Oikeusministeriö (OM)`, `Justitieministeriet (JM)`. */
export function orgLabel(o: Named, lang: Language): string {
  const name = pick(o.name, lang);
  const short = orgShortName(o, lang);
  // An agency known by its name alone (Kansallisarkisto) is not named twice.
  return short === name ? name : `${name} (${short})`;
}

/** Organisations sorted by their name in the reader's language, as a reader looks for them. */
export function byLocalName<T extends Named>(orgs: readonly T[] | undefined, lang: Language): T[] {
  const collator = new Intl.Collator(lang);
  return [...(orgs ?? [])].sort((a, b) => collator.compare(pick(a.name, lang), pick(b.name, lang)));
}
