import { describe, expect, it } from 'vitest';
import { emptyCallValues, toCallRequest } from './call-values';

describe('toCallRequest', () => {
  it('sends the Helsinki window as UTC and leaves empty translations and limits out', () => {
    const v = {
      ...emptyCallValues(),
      slug: ' kevat-2027 ',
      title: { fi: 'Kevään haku', sv: '', en: 'Spring call' },
      description: { fi: 'Kuvaus', sv: ' ', en: '' },
      opens_at: '2027-03-01T09:00',
      submissions_close_at: '2027-03-28T12:00',
      voting_closes_at: '2027-04-15T16:00',
      themes: [
        { fi: 'Teema', sv: '', en: '' },
        { fi: '  ', sv: '', en: '' },
      ],
    };
    const { body, missing } = toCallRequest(v);
    expect(missing).toEqual({});
    expect(body).toEqual({
      slug: 'kevat-2027',
      title: { fi: 'Kevään haku', sv: null, en: 'Spring call' },
      description: { fi: 'Kuvaus', sv: null, en: null },
      // 1 March is winter time (+2); summer time starts at 03:00 on 28 March 2027, so noon that day is +3.
      opens_at: '2027-03-01T07:00:00Z',
      submissions_close_at: '2027-03-28T09:00:00Z',
      voting_closes_at: '2027-04-15T13:00:00Z',
      moderation_mode: 'post',
      report_threshold: 3,
      max_proposals_per_user: null,
      max_thumbs_per_user: null,
      host_organisation_id: null,
      themes: [{ name: { fi: 'Teema', sv: null, en: null } }],
    });
  });

  it('names every field the browser could not turn into a request, all at once', () => {
    const { body, missing } = toCallRequest({ ...emptyCallValues(), opens_at: '2027-03-01T09:00', max_thumbs_per_user: 'lots' });
    expect(body).toBeNull();
    expect(missing).toEqual({
      slug: 'required',
      'title.fi': 'required',
      'description.fi': 'required',
      submissions_close_at: 'required',
      voting_closes_at: 'required',
      max_thumbs_per_user: 'invalid_type',
    });
  });

  it('says which time is out of order together with the other errors', () => {
    const { body, missing } = toCallRequest({
      ...emptyCallValues(),
      slug: 'kevat-2027',
      opens_at: '2027-03-01T09:00',
      submissions_close_at: '2027-02-01T09:00',
      voting_closes_at: '2027-01-15T16:00',
    });
    expect(body).toBeNull();
    expect(missing).toEqual({
      'title.fi': 'required',
      'description.fi': 'required',
      submissions_close_at: 'window_order',
      voting_closes_at: 'window_order',
    });
  });
});
