import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '@/lib/types';
import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';

function values(obj: object, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]): [string, string][] =>
    typeof v === 'object' && v !== null ? values(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]],
  );
}

/** A word (or a word's beginning) that does not start inside another word: `istunto` but not `onnistunut`. */
const word = (stem: string, flags = 'iu') => new RegExp(`(?<!\\p{L})${stem}`, flags);

/**
 * Terms that must not appear in what a user reads, derived from the glossary and the review in
 * ../shared/LANGUAGE.md: each with the reason a reviewer gave, so that whoever trips on one knows
 * what to write instead.
 */
const FORBIDDEN: Record<Language, [RegExp, string][]> = {
  fi: [
    [word('ilmian'), 'ilmianto means denouncing a person: ilmoittaa asiattomasta sisällöstä, ilmoitusraja'],
    [word('istun(to|no|nn)'), 'istunto is jargon: kirjautuminen (Kirjautumisesi on vanhentunut)'],
    [word('pyyntö'), 'pyyntö (request) is HTTP jargon: toiminto'],
    [word('palvelim'), 'palvelin (server) is jargon: palvelu'],
    [word('sivutu'), 'sivutus (pagination) is jargon'],
    [word('virkasähköpost'), 'virkasähköposti leaves out employees: työsähköposti'],
    [word('tyhjennä haku(?!\\p{L})'), 'haku is a call: Tyhjennä hakukenttä'],
    [word('haku ei kelpaa'), 'haku is a call: Hakusana ei kelpaa'],
    [/#\{\{/u, 'a number is nro 22, not #22'],
    [/Europe\/Helsinki/u, 'a time-zone id is jargon: Suomen aikaa'],
    [word('on väärin'), 'the predicate adjective is väärä'],
  ],
  sv: [
    [word('session'), 'session is jargon: inloggning (Din inloggning har gått ut)'],
    [word('duger inte'), 'a calque of ei kelpaa: är inte giltig'],
    [word('gill(a|ar|ande|andet)(?!\\p{L})'), 'one term for the thumbs-up: tummen upp, tummen upp-rundan'],
    [word('tidtabell'), 'a finlandism for a plan: tidsplan'],
    [word('ansökan(?!\\p{L})'), 'a call is an utlysning; ansökan is what an applicant submits'],
    [word('tummen upp åt'), 'a finlandism: ge tummen upp för'],
    [word('begäran'), 'begäran (request) is HTTP jargon: åtgärden'],
    [word('servern'), 'servern is jargon: tjänsten'],
    [word('sidindelning'), 'sidindelning (pagination) is jargon'],
    [word('idéinsamling'), 'a call is an utlysning: idéutlysningar'],
    [word('högst antal'), 'before a noun: högsta antal'],
    [word('sök med'), 'a calque of hae nimellä: sök på'],
    [word('testa(r|s)?(?!\\p{L})'), 'kokeilla is pröva; testa suggests testing a product'],
    [word('skribent'), 'skribent suggests a columnist: den som har skrivit'],
    [word('siilobrytar'), 'the Swedish word is silo: Silobrytarna'],
    [/#\{\{/u, 'a number is nr 22, not #22'],
    [/Europe\/Helsinki/u, 'a time-zone id is jargon: finsk tid'],
  ],
  en: [
    [word('session'), 'session is jargon: sign-in'],
    [/#\{\{/u, 'a number is No. 22, not #22'],
    [/Europe\/Helsinki/u, 'a time-zone id is jargon: Finnish time'],
  ],
};

/** Every user-facing text of the demo in a language: the calls, and proposals and comments written in it. */
function demoTexts(lang: Language): [string, string][] {
  type L = Record<string, string>;
  const demo = JSON.parse(readFileSync(join(__dirname, '../../../crates/siilo-server/src/demo/content.json'), 'utf8')) as {
    calls: { slug: string; title: L; description: L; themes: L[] }[];
    proposals: { language: string; title: string; summary: string; challenge: string; idea: string }[];
    comments: { proposal: number; body: string }[];
  };
  const out: [string, string][] = [];
  for (const c of demo.calls) {
    out.push([`call ${c.slug} title`, c.title[lang] ?? ''], [`call ${c.slug} description`, c.description[lang] ?? '']);
    c.themes.forEach((th, i) => out.push([`call ${c.slug} theme ${i}`, th[lang] ?? '']));
  }
  demo.proposals.forEach((p, i) => {
    if (p.language === lang) out.push([`proposal ${i}`, [p.title, p.summary, p.challenge, p.idea].join('\n')]);
  });
  demo.comments.forEach((c, i) => {
    if (demo.proposals[c.proposal]?.language === lang) out.push([`comment ${i}`, c.body]);
  });
  return out;
}

/** The forbidden terms found in texts, as `where: term (why)`. */
function offences(lang: Language, texts: [string, string][]): string[] {
  return texts.flatMap(([where, text]) =>
    FORBIDDEN[lang].flatMap(([re, why]) => (re.test(text) ? [`${where}: ${text.match(re)?.[0]} (${why})`] : [])),
  );
}

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the catalogues', () => {
  it('fi, sv and en have the same keys', () => {
    const fiKeys = keys(fi).sort();
    expect(keys(sv).sort()).toEqual(fiKeys);
    expect(keys(en).sort()).toEqual(fiKeys);
  });

  it('have every key the code asks for by name', () => {
    const known = new Set(keys(fi).map((k) => k.replace(/_(one|other)$/, '')));
    const used = new Set<string>();
    for (const file of sources(join(__dirname, '..'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });
});

describe('the words of the glossary', () => {
  const catalogues = { fi, sv, en };

  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`keep forbidden terms out of the ${lang} catalogue`, () => {
      expect(offences(lang, values(catalogues[lang]))).toEqual([]);
    });
  }

  // The demo's proposals and comments are people's own writing (Swedish proposals may say testa);
  // the checks that matter for them are the terms of the service itself.
  const demoTerms: Record<'fi' | 'sv', string[]> = {
    fi: ['ilmian', 'istun(to|no|nn)'],
    sv: ['session', 'duger inte', 'gill(a|ar|ande|andet)(?!\\p{L})', 'siilobrytar', 'den här ansökan', 'ansökan siilo'],
  };
  for (const lang of ['fi', 'sv'] as const) {
    it(`keep the service's forbidden terms out of the ${lang} demo texts`, () => {
      const texts = demoTexts(lang);
      expect(texts.length).toBeGreaterThan(10);
      const found = texts.flatMap(([where, text]) =>
        demoTerms[lang].filter((stem) => word(stem).test(text)).map((stem) => `${where}: ${stem}`),
      );
      expect(found).toEqual([]);
    });
  }

  it('catch a forbidden term when one lands', () => {
    expect(
      offences('fi', [
        ['x', 'Ilmiantoraja'],
        ['y', 'Toiminto ei onnistunut.'],
      ]),
    ).toEqual(['x: Ilmian (ilmianto means denouncing a person: ilmoittaa asiattomasta sisällöstä, ilmoitusraja)']);
    expect(
      offences('sv', [
        ['x', 'Gillande pågår'],
        ['y', 'Ge tummen upp för bra idéer'],
      ]),
    ).toHaveLength(1);
    expect(offences('sv', [['x', 'Koden duger inte.']])).toHaveLength(1);
    expect(offences('fi', [['x', 'Istuntosi on päättynyt.']])).toHaveLength(1);
  });
});
