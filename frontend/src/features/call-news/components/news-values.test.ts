import { describe, expect, it } from 'vitest';
import type { CallNews } from '../api/call-news';
import { newsRequest, newsValues } from './news-values';

const item: CallNews = {
  id: 'n1',
  call_id: 'c1',
  title: { fi: 'Otsikko', sv: 'Rubrik', en: null },
  body: { fi: 'Teksti', sv: null, en: null },
  body_html: { fi: '<p>Teksti</p>', sv: null, en: null },
  author: null,
  published_at: '2026-12-01T09:00:00Z',
  updated_at: '2026-12-01T09:00:00Z',
};

describe('news form values', () => {
  it('start empty, or from the item being edited', () => {
    expect(newsValues()).toEqual({ title: { fi: '', sv: '', en: '' }, body: { fi: '', sv: '', en: '' } });
    expect(newsValues(item).title).toEqual({ fi: 'Otsikko', sv: 'Rubrik', en: '' });
  });
  it('require the Finnish title and body, naming the fields', () => {
    const { body, missing } = newsRequest({ title: { fi: ' ', sv: 'x', en: '' }, body: { fi: '', sv: '', en: '' } });
    expect(body).toBeNull();
    expect(missing).toEqual({ 'title.fi': 'required', 'body.fi': 'required' });
  });
  it('send Swedish and English only when written', () => {
    const { body } = newsRequest({ title: { fi: 'T', sv: 'R', en: '  ' }, body: { fi: 'B', sv: '', en: 'E' } });
    expect(body).toEqual({ title: { fi: 'T', sv: 'R' }, body: { fi: 'B', en: 'E' } });
  });
});
