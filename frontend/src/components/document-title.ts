import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the tab title ("Page – Siilo") so that screen readers and history say where one is. */
export function useDocumentTitle(title: string | undefined | null): void {
  const { t } = useTranslation();
  const site = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} – ${site}` : site;
  }, [title, site]);
}

/** About what search engines show of a description (as the server cuts it, page_head.rs). */
const DESCRIPTION_CHARS = 160;

/** `text` with its whitespace collapsed, cut after at most `max` characters at a word's end. */
export function descriptionOf(text: string, max = DESCRIPTION_CHARS): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= max) return collapsed;
  const cut = collapsed.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[,.;:–-]+$/, '')}…`;
}

function headElement<K extends 'meta' | 'link'>(tag: K, selector: string, init: (el: HTMLElementTagNameMap[K]) => void) {
  let el = document.head.querySelector<HTMLElementTagNameMap[K]>(selector);
  if (!el) {
    el = document.createElement(tag);
    init(el);
    document.head.appendChild(el);
  }
  return el;
}

/**
 * The description and canonical address of a page that search engines list (a call, a
 * proposal). The server writes them into the page's first response (page_head.rs); this keeps
 * them right as the reader moves between pages, and puts the site's own back on leaving.
 */
export function usePageDescription(description: string | undefined, canonicalPath: string | undefined): void {
  const { t } = useTranslation();
  const site = `${t('app.name')} – ${t('app.tagline')}`;
  useEffect(() => {
    const meta = headElement('meta', 'meta[name="description"]', (el) => (el.name = 'description'));
    meta.content = description ? descriptionOf(description) : site;
    const canonical = canonicalPath ? headElement('link', 'link[rel="canonical"]', (el) => (el.rel = 'canonical')) : null;
    if (canonical) canonical.href = new URL(canonicalPath ?? '', window.location.origin).href;
    return () => {
      meta.content = site;
      canonical?.remove();
    };
  }, [description, canonicalPath, site]);
}
