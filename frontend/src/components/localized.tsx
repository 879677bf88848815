import { fallbackLang, pick } from '@/lib/localized';
import type { components } from '@/lib/api/schema';
import { useLanguage } from '@/lib/use-language';

type Texts = components['schemas']['FinnishRequiredText'] | components['schemas']['AllLanguagesText'];

/**
 * An admin-written text (a call's title, a theme's name) in the reader's language; when it
 * falls back to Finnish it is marked `lang="fi"`, so that screen readers pronounce it right and
 * hyphenation follows Finnish rules.
 */
export function Localized({ texts }: { texts: Texts | null | undefined }) {
  const lang = useLanguage();
  const text = pick(texts, lang);
  const marked = fallbackLang(texts, lang);
  return marked ? <span lang={marked}>{text}</span> : <>{text}</>;
}
