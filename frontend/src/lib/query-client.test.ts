import { describe, expect, it } from 'vitest';
import { meKeys } from './auth';
import { ApiProblem } from './problem';
import { createQueryClient } from './query-client';

async function failWith(code: 'terms_not_accepted' | 'call_not_open') {
  const qc = createQueryClient();
  qc.setQueryData(meKeys.me, null);
  const mutation = qc.getMutationCache().build(qc, {
    mutationFn: () => Promise.reject(new ApiProblem(code, code === 'terms_not_accepted' ? 403 : 409, '')),
  });
  await mutation.execute(undefined).catch(() => undefined);
  return qc.getQueryState(meKeys.me)?.isInvalidated;
}

describe('createQueryClient', () => {
  it('reads the account again when a refusal says new terms wait for acceptance', async () => {
    expect(await failWith('terms_not_accepted')).toBe(true);
  });

  it('leaves the account alone after other refusals', async () => {
    expect(await failWith('call_not_open')).toBe(false);
  });
});
