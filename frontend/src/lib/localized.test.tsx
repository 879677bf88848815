import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Localized } from '@/components/localized';
import { setLanguage } from './i18n';
import { byLocalName, orgLabel, orgShortName } from './localized';

const org = (code: string, fi: string, sv: string, shortSv: string) => ({
  code,
  name: { fi, sv, en: fi },
  short_name: { fi: code, sv: shortSv, en: code },
});
const OM = org('OM', 'Oikeusministeriö', 'Justitieministeriet', 'JM');
const TEM = org('TEM', 'Työ- ja elinkeinoministeriö', 'Arbets- och näringsministeriet', 'ANM');
const VNK = org('VNK', 'Valtioneuvoston kanslia', 'Statsrådets kansli', 'SRK');

describe('organisations in the reader’s language', () => {
  it('show their abbreviation in that language', () => {
    expect(orgShortName(OM, 'fi')).toBe('OM');
    expect(orgShortName(OM, 'sv')).toBe('JM');
    expect(orgLabel(VNK, 'sv')).toBe('Statsrådets kansli (SRK)');
    expect(orgShortName({ ...OM, short_name: { fi: 'OM', sv: ' ', en: 'OM' } }, 'sv')).toBe('OM');
  });

  it('sort by their name in that language', () => {
    expect(byLocalName([VNK, OM, TEM], 'fi').map((o) => o.code)).toEqual(['OM', 'TEM', 'VNK']);
    expect(byLocalName([VNK, OM, TEM], 'sv').map((o) => o.code)).toEqual(['TEM', 'OM', 'VNK']);
  });
});

describe('Localized', () => {
  it('marks a Finnish fallback with lang="fi", and nothing else', async () => {
    await setLanguage('sv');
    const { container } = render(
      <p>
        <Localized texts={{ fi: 'Kokeilut', sv: '', en: 'Experiments' }} />|
        <Localized texts={{ fi: 'Kokeilut', sv: 'Försök', en: 'Experiments' }} />
      </p>,
    );
    expect(container.innerHTML).toBe('<p><span lang="fi">Kokeilut</span>|Försök</p>');
    await setLanguage('fi');
  });
});
