/**
 * A plain-text excerpt of server-sanitised HTML (a call's `description_html`): the text of its
 * first block, with whitespace collapsed. Parsed by the browser, never inserted as HTML.
 */
export function firstBlockText(html: string): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  const first = body.firstElementChild ?? body;
  const parts =
    first.tagName === 'UL' || first.tagName === 'OL' ? Array.from(first.children, (li) => li.textContent ?? '') : [first.textContent ?? ''];
  return parts
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' · ');
}

/** The whole text of server-sanitised HTML, its blocks joined with spaces. */
export function htmlText(html: string): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  const blocks = body.children.length > 0 ? Array.from(body.children, (el) => el.textContent ?? '') : [body.textContent ?? ''];
  return blocks.join(' ').replace(/\s+/g, ' ').trim();
}
