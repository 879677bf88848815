import { LanguageMenu, LanguageMenuItem } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useUpdateMe, useUser } from '@/lib/auth';
import { LANGUAGES, rememberLanguage, setLanguage, type Language } from '@/lib/i18n';
import { useLanguage } from '@/lib/use-language';

/** Each language offered in itself, as suomi.fi does: the same in every interface language. */
const NAMES: Record<Language, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

/** The language's name as a word inside a sentence of that language: suomi, svenska, English. */
const IN_SENTENCE = new Map<Language, string>();
function nameInSentence(lang: Language): string {
  let name = IN_SENTENCE.get(lang);
  if (name === undefined) {
    name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
    IN_SENTENCE.set(lang, name);
  }
  return name;
}

/** Switches the interface language, remembers it, and saves it to the profile when signed in. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useUser();
  const updateMe = useUpdateMe();
  const choose = (l: Language) => {
    rememberLanguage(l);
    void setLanguage(l);
    if (user && user.language !== l) updateMe.mutate({ language: l });
  };
  return (
    <LanguageMenu
      className="language-menu"
      buttonText={`${NAMES[lang]} (${lang.toUpperCase()})`}
      aria-label={t('layout.language', { language: nameInSentence(lang) })}
    >
      {LANGUAGES.map((l) => (
        <LanguageMenuItem key={l} lang={l} selected={l === lang} onSelect={() => choose(l)}>
          {`${NAMES[l]} (${l.toUpperCase()})`}
        </LanguageMenuItem>
      ))}
    </LanguageMenu>
  );
}
