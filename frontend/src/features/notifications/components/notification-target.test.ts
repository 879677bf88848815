import { describe, expect, it } from 'vitest';
import type { Notification } from '@/lib/types';
import { notificationTarget } from './notification-target';

const base: Notification = {
  id: 'n1',
  kind: 'comment_on_proposal',
  created_at: '2026-12-01T10:00:00Z',
  read: false,
  proposal_id: 'p1',
  proposal_number: 7,
  proposal_title: 'Yhteinen kalenteri',
};
const withData = (kind: Notification['kind'], data: object) => ({ ...base, kind, data }) as Notification;

describe('notificationTarget', () => {
  it('leaves the older kinds to the list', () => {
    expect(notificationTarget(base)).toBeNull();
  });
  it('links a published decision to the proposal with its stage', () => {
    expect(notificationTarget(withData('decision_published', { stage: 'selected' }))).toEqual({
      key: 'decision',
      stage: 'selected',
      to: '/proposals/p1',
    });
    expect(notificationTarget(withData('decision_published', { stage: 'odd' }))).toMatchObject({ stage: null });
  });
  it('links a merge to the proposal it was merged into', () => {
    expect(notificationTarget(withData('proposal_merged', { source_id: 'a', target_id: 'b', source_number: 3, target_number: 9 }))).toEqual(
      {
        key: 'merged',
        sourceNumber: 3,
        targetNumber: 9,
        to: '/proposals/b',
      },
    );
  });
  it('links the pilot kinds to the pilot and its section', () => {
    expect(notificationTarget(withData('pilot_created', { pilot_id: 'x', pilot_title: 'Kokeilu' }))).toEqual({
      key: 'pilot_created',
      pilotTitle: 'Kokeilu',
      to: '/pilots/x',
    });
    expect(notificationTarget(withData('pilot_update', { pilot_id: 'x', pilot_title: 'K', update_id: 'u' }))?.to).toBe(
      '/pilots/x#pilot-updates',
    );
    expect(notificationTarget(withData('pilot_lessons', { pilot_id: 'x', pilot_title: 'K' }))?.to).toBe('/pilots/x#pilot-lessons');
  });
  it('falls back to the proposal when data is missing', () => {
    expect(notificationTarget({ ...base, kind: 'pilot_created' })?.to).toBe('/proposals/p1');
  });
  it('links call news to the call page, naming the call and the item', () => {
    const data = { call_slug: 'haku', call_title: { fi: 'Haku' }, news_id: 'x', news_title: { fi: 'Uutta', sv: 'Nytt' } };
    expect(notificationTarget({ ...withData('call_news', data), proposal_id: null, call_id: 'c1' })).toEqual({
      key: 'call_news',
      callTitle: { fi: 'Haku' },
      newsTitle: { fi: 'Uutta', sv: 'Nytt' },
      to: '/calls/haku#call-news',
    });
    expect(notificationTarget({ ...withData('call_news', {}), proposal_id: null, call_id: 'c1' })).toMatchObject({
      callTitle: null,
      to: '/calls/c1#call-news',
    });
  });
});
