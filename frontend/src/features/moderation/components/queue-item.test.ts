import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../api/types';
import { actsFor } from './queue-item';

const base: QueueItem = {
  kind: 'reported',
  target: {
    kind: 'proposal',
    id: 'p1',
    proposal_id: 'p1',
    call_id: 'c1',
    proposal_number: 1,
    title: 'Otsikko',
    excerpt: 'Tiivistelmä',
    author: { id: 'a1', display_name: 'Aino' },
    visibility: 'visible',
    deleted: false,
  },
  open_reports: 2,
  reasons: [{ reason: 'spam', count: 2 }],
  reports: [],
  queued_at: '2026-12-01T10:00:00Z',
  appeal: null,
};
const keys = (item: QueueItem, viewer = 'm1') => actsFor(item, viewer).map((a) => (a.kind === 'action' ? a.action : a.outcome));

describe('the acts a queue item offers', () => {
  it('reported and visible: hide or dismiss the reports', () => {
    expect(keys(base)).toEqual(['hide', 'dismiss_reports']);
  });

  it('hidden by reports: keep it hidden, restore it, or dismiss the reports', () => {
    expect(keys({ ...base, target: { ...base.target, visibility: 'hidden' } })).toEqual(['hide', 'restore', 'dismiss_reports']);
  });

  it('a deleted comment cannot be hidden, only its reports dismissed', () => {
    expect(keys({ ...base, target: { ...base.target, kind: 'comment', deleted: true } })).toEqual(['dismiss_reports']);
  });

  it('pending: approve or reject', () => {
    expect(keys({ ...base, kind: 'pending', open_reports: 0, reasons: [], target: { ...base.target, visibility: 'pending' } })).toEqual([
      'approve',
      'reject',
    ]);
  });

  it('an appeal: decided by anyone but the moderator who acted', () => {
    const appeal: QueueItem = {
      ...base,
      kind: 'appeal',
      open_reports: 0,
      appeal: {
        id: 'ap1',
        action_id: 'l1',
        action: 'reject',
        reason: 'Ei aiheeseen.',
        acted_by: { id: 'm1', display_name: 'Mona' },
        text: 'Kuuluu aiheeseen.',
        created_at: '2026-12-01T11:00:00Z',
      },
    };
    expect(keys(appeal, 'm2')).toEqual(['upheld', 'overturned']);
    expect(keys(appeal, 'm1')).toEqual([]);
  });
});
