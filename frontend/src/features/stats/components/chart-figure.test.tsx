import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ChartFigure } from './chart-figure';

// The chart itself (Recharts) draws nothing measurable in jsdom; the table is what is tested.
vi.mock('./charts', () => ({ default: () => <svg data-testid="chart" /> }));

const rows = [
  { label: '1.12.2026', values: { proposals: 3, thumbs: 12 } },
  { label: '2.12.2026', values: { proposals: 1, thumbs: 1234 } },
];
const series = [
  { key: 'proposals', label: 'Ehdotukset', color: '#000' },
  { key: 'thumbs', label: 'Peukut', color: '#000' },
];

describe('ChartFigure', { timeout: 30_000 }, () => {
  it('has a table with the same numbers for screen readers, and hides the chart from them', async () => {
    render(<ChartFigure title="Päivittäin" labelHeader="Päivä" kind="line" rows={rows} series={series} />);
    const table = screen.getByRole('table', { name: 'Päivittäin' });
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('rowheader', { name: '2.12.2026' })).toBeTruthy();
    expect(table.textContent).toContain('1\u00a0234');
    expect(screen.getByRole('columnheader', { name: 'Peukut' })).toBeTruthy();
    const chart = await screen.findByTestId('chart');
    expect(chart.closest('[aria-hidden="true"]')).not.toBeNull();
  });

  it('shows the table to everyone on request', async () => {
    render(<ChartFigure title="Teemoittain" labelHeader="Teema" kind="bar" rows={rows} series={series} />);
    const toggle = screen.getByRole('button', { name: 'Näytä taulukkona' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByRole('table').parentElement?.className).toBe('visually-hidden');
    await userEvent.click(toggle);
    expect(screen.getByRole('button', { name: 'Piilota taulukko' }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('table').parentElement?.className).toBe('table-scroll');
  });

  it('says when there is nothing to chart', () => {
    render(<ChartFigure title="Organisaatioittain" labelHeader="Organisaatio" kind="bar" rows={[]} series={series} />);
    expect(screen.getByText('Ei vielä tietoja.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
