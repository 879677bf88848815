import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
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

const label = (l: Language) => `${NAMES[l]} (${l.toUpperCase()})`;

/**
 * Switches the interface language, remembers it, and saves it to the profile when signed in.
 *
 * A menu button (WAI-ARIA's pattern, as the design system's LanguageMenu, and styled like it):
 * arrows, Home and End move in the open menu, Escape closes it and returns to the button, Tab
 * and a click elsewhere close it. Written here rather than taken from the design system: its
 * menu keeps its popup mounted and positioned by floating-ui on every page, which cost each
 * page load a long task on a phone (issue 16); this one is placed by CSS below the button,
 * which sits at the top of every page.
 */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useUser();
  const updateMe = useUpdateMe();
  const id = useId();
  const [open, setOpen] = useState(false);
  /** Which item takes focus when the menu opens: the current language, or the first or last. */
  const [start, setStart] = useState<number>(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (!open) return undefined;
    items.current[start]?.focus();
    const away = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open, start]);

  const openAt = (index: number) => {
    setStart(index);
    setOpen(true);
  };
  const choose = (l: Language) => {
    setOpen(false);
    button.current?.focus();
    rememberLanguage(l);
    void setLanguage(l);
    if (user && user.language !== l) updateMe.mutate({ language: l });
  };
  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(event.key === 'ArrowDown' ? 0 : LANGUAGES.length - 1);
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const at = items.current.indexOf(document.activeElement as HTMLButtonElement);
    const last = LANGUAGES.length - 1;
    const to: Record<string, number> = {
      ArrowDown: at >= last ? 0 : at + 1,
      ArrowUp: at <= 0 ? last : at - 1,
      Home: 0,
      End: last,
    };
    if (event.key in to) {
      event.preventDefault();
      items.current[to[event.key]]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="language-menu" ref={root}>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        className="language-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        aria-label={t('layout.language', { language: nameInSentence(lang) })}
        onClick={() => (open ? setOpen(false) : openAt(Math.max(0, LANGUAGES.indexOf(lang))))}
        onKeyDown={onButtonKey}
      >
        {label(lang)}
        <svg className="language-menu__chevron" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
          <path d="M12.99 15.61a1.43 1.43 0 0 1-1.98 0l-5.6-5.33a1.29 1.29 0 0 1 0-1.89 1.45 1.45 0 0 1 1.98 0L12 12.78l4.61-4.39a1.45 1.45 0 0 1 1.98 0 1.29 1.29 0 0 1 0 1.89l-5.6 5.33Z" />
        </svg>
      </button>
      <div
        role="menu"
        tabIndex={-1}
        id={`${id}-menu`}
        aria-labelledby={`${id}-button`}
        className="language-menu__list"
        hidden={!open}
        onKeyDown={onMenuKey}
      >
        {LANGUAGES.map((l, i) => (
          <button
            key={l}
            ref={(el) => {
              items.current[i] = el;
            }}
            type="button"
            role="menuitem"
            tabIndex={-1}
            lang={l}
            aria-current={l === lang}
            className="language-menu__item"
            onClick={() => choose(l)}
          >
            {label(l)}
          </button>
        ))}
      </div>
    </div>
  );
}
