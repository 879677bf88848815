import type { LegalDocument, LegalKind } from '@/lib/legal';

/** A published version of a legal page, as `GET /legal/{kind}` answers. */
export function legalDocument(kind: LegalKind, version: number): LegalDocument {
  const text = (s: string) => ({ fi: s, sv: s, en: s });
  const titles: Record<LegalKind, string> = { privacy: 'Tietosuojaseloste', accessibility: 'Saavutettavuusseloste', terms: 'Käyttöehdot' };
  return {
    kind,
    version,
    title: { fi: titles[kind], sv: titles[kind], en: titles[kind] },
    body: text('## Otsikko\n\nTeksti.'),
    body_html: text('<h2>Otsikko</h2>\n<p>Teksti.</p>\n'),
    published_at: '2026-12-05T09:00:00Z',
  };
}
