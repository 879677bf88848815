import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { commentKeys, proposalKeys } from '@/lib/query-keys';
import type { ContentRef, CreateReportRequest } from './types';

/** The longest report note the server keeps, in characters. */
export const REPORT_NOTE_MAX = 1000;

export function reportContent(target: ContentRef, body: CreateReportRequest) {
  const params = { path: { id: target.id } };
  return target.kind === 'proposal'
    ? call(() => api.POST('/api/v1/proposals/{id}/reports', { params, body }))
    : call(() => api.POST('/api/v1/comments/{id}/reports', { params, body }));
}

/**
 * Reports a proposal or a comment. The item may be hidden by it (the call's threshold), and the
 * viewer may not report it again: its proposal and comments are read again.
 */
export function useReportContent(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ target, body }: { target: ContentRef; body: CreateReportRequest }) => reportContent(target, body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
        qc.invalidateQueries({ queryKey: commentKeys.list(proposalId) }),
        qc.invalidateQueries({ queryKey: proposalKeys.lists() }),
      ]),
  });
}
