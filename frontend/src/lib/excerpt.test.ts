import { describe, expect, it } from 'vitest';
import { firstBlockText, htmlText } from './excerpt';

describe('firstBlockText', () => {
  it('takes the text of the first paragraph, without Markdown or tags', () => {
    expect(firstBlockText('<p><strong>Kokeilu</strong> yli\nrajojen</p>\n<p>Toinen</p>\n')).toBe('Kokeilu yli rajojen');
  });

  it('joins the items of a list that comes first', () => {
    expect(firstBlockText('<ul>\n<li>yksi</li>\n<li><em>kaksi</em></li>\n</ul>\n')).toBe('yksi · kaksi');
  });

  it('never runs what it parses', () => {
    expect(firstBlockText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe('<script>alert(1)</script>');
    expect(firstBlockText('')).toBe('');
  });
});

describe('htmlText', () => {
  it('joins every block with a space', () => {
    expect(htmlText('<h2>Mistä on kyse</h2>\n<p>Etsimme <strong>rohkeita</strong>\nkokeiluja.</p>\n<ul><li>yksi</li></ul>')).toBe(
      'Mistä on kyse Etsimme rohkeita kokeiluja. yksi',
    );
    expect(htmlText('pelkkä teksti')).toBe('pelkkä teksti');
    expect(htmlText('')).toBe('');
  });
});
