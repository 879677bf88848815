import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import type { Call } from '@/lib/types';
import { PhaseTimeline } from './phase-timeline';

// A call in its thumbs-up round: published after it opened (15.32 > 15.00), submissions closed.
const call = {
  phase: 'voting',
  published_at: '2026-11-20T13:32:00Z',
  opens_at: '2026-11-20T13:00:00Z',
  submissions_close_at: '2026-12-01T13:00:00Z',
  voting_closes_at: '2026-12-14T13:22:00Z',
  results_published_at: null,
} as unknown as Call;
const NOW = Date.parse('2026-12-05T10:00:00Z');

function steps(): string[] {
  return screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
}

describe('PhaseTimeline', () => {
  it('words past dates in the past and future ones in the future, under noun step titles, fi', async () => {
    await setLanguage('fi');
    render(<PhaseTimeline call={call} now={NOW} />);
    expect(steps()).toEqual([
      'Ehdotusten jättöAvautui: 20.11.2026 klo 15.00Päättyi: 1.12.2026 klo 15.00',
      'JulkaisuJulkaistu: 20.11.2026 klo 15.32',
      'PeukutusPäättyy: 14.12.2026 klo 15.22',
      'ArviointiAlkaa: 14.12.2026 klo 15.22',
      'TuloksetJulkaistaan myöhemmin',
    ]);
    expect(screen.getByText('Peukutus').closest('li')).toHaveProperty('ariaCurrent', 'step');
  });

  it('does the same in Finland-Swedish, with kl.', async () => {
    await setLanguage('sv');
    render(<PhaseTimeline call={call} now={NOW} />);
    expect(steps()).toEqual([
      'Tid för förslagÖppnade: 20.11.2026 kl. 15.00Avslutades: 1.12.2026 kl. 15.00',
      'PubliceringPublicerad: 20.11.2026 kl. 15.32',
      'Tummen upp-rundaAvslutas: 14.12.2026 kl. 15.22',
      'BedömningBörjar: 14.12.2026 kl. 15.22',
      'ResultatPubliceras senare',
    ]);
    await setLanguage('fi');
  });

  it('keeps the publication first when the call was published before it opened', async () => {
    await setLanguage('fi');
    render(<PhaseTimeline call={{ ...call, published_at: '2026-11-19T08:00:00Z' }} now={NOW} />);
    const titles = ['Julkaisu', 'Ehdotusten jättö', 'Peukutus', 'Arviointi', 'Tulokset'];
    expect(steps().map((s, i) => s.startsWith(titles[i] ?? '-'))).toEqual([true, true, true, true, true]);
  });
});
