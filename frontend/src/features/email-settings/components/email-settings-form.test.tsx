import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { notificationKindValues } from '@/lib/api/schema';
import { identityHttp, server } from '@/test/api-mock';
import { renderWith } from '@/test/identity';
import type { EmailSettings } from '../api/email-settings';
import { EmailSettingsSection } from './email-settings-form';
import { KIND_GROUP, kindsOf } from './kinds';

const settings: EmailSettings = {
  settings: notificationKindValues.map((kind) => ({ kind, delivery: kind === 'pilot_update' ? 'off' : 'daily_digest' })),
};

describe('email notification settings', () => {
  it('group every kind of the contract', () => {
    const grouped = (['comments', 'checks', 'outcomes', 'follows', 'pilots'] as const).flatMap((g) => kindsOf(g, notificationKindValues));
    expect([...grouped].sort()).toEqual([...notificationKindValues].sort());
    expect(Object.keys(KIND_GROUP)).toHaveLength(notificationKindValues.length);
  });

  it('show a group of three radio buttons per kind, named in plain language, and save them together', { timeout: 30_000 }, async () => {
    let saved: EmailSettings | undefined;
    server.use(
      identityHttp.get('/api/v1/me/email-settings', ({ response }) => response(200).json(settings)),
      identityHttp.put('/api/v1/me/email-settings', async ({ request, response }) => {
        saved = await request.json();
        return response(200).json(saved);
      }),
    );
    renderWith(<EmailSettingsSection />);
    const comments = await screen.findByRole('group', { name: 'Joku kommentoi ehdotustasi' });
    expect(within(comments).getAllByRole('radio')).toHaveLength(3);
    expect((within(comments).getByLabelText('Päivän koosteessa') as HTMLInputElement).checked).toBe(true);
    const pilots = screen.getByRole('group', { name: 'Seuraamasi kokeilu kertoo edistymisestään' });
    expect((within(pilots).getByLabelText('Ei sähköpostia') as HTMLInputElement).checked).toBe(true);
    expect(screen.getAllByRole('radio')).toHaveLength(3 * notificationKindValues.length);

    await userEvent.click(within(comments).getByLabelText('Heti'));
    await userEvent.click(screen.getByRole('button', { name: 'Tallenna sähköpostiasetukset' }));
    expect(await screen.findByText('Sähköpostiasetukset tallennettu.')).toBeTruthy();
    expect(saved?.settings).toHaveLength(notificationKindValues.length);
    expect(saved?.settings.find((s) => s.kind === 'comment_on_proposal')?.delivery).toBe('immediately');
    expect(saved?.settings.find((s) => s.kind === 'pilot_update')?.delivery).toBe('off');
    expect(saved?.settings.find((s) => s.kind === 'reply_to_comment')?.delivery).toBe('daily_digest');
  });
});
