import { describe, expect, it } from 'vitest';
import { branchLabel, byBranch } from './organisations';

const org = (id: string, code: string, fi: string, parent_id: string | null = null) => ({
  id,
  code,
  parent_id,
  name: { fi, sv: fi, en: fi },
  short_name: { fi: code, sv: code, en: code },
});

describe('byBranch', () => {
  it('lists each ministry by name, followed by its agencies by name', () => {
    const vm = org('vm', 'VM', 'Valtiovarainministeriö');
    const om = org('om', 'OM', 'Oikeusministeriö');
    const vero = org('vero', 'VERO', 'Verohallinto', 'vm');
    const tulli = org('tulli', 'TULLI', 'Tulli', 'vm');
    const orphan = org('x', 'X', 'Aavevirasto', 'gone');
    const rows = byBranch([vero, vm, tulli, om, orphan], 'fi');
    expect(rows.map((r) => [r.org.code, r.parent?.code ?? null])).toEqual([
      ['X', null],
      ['OM', null],
      ['VM', null],
      ['TULLI', 'VM'],
      ['VERO', 'VM'],
    ]);
    expect(branchLabel(vero, vm, 'fi')).toBe('VM › Verohallinto (VERO)');
    expect(branchLabel(vm, null, 'fi')).toBe('Valtiovarainministeriö (VM)');
  });
});
