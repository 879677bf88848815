import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '@/lib/problem';
import { commentKeys, proposalKeys } from '@/lib/query-keys';
import { interimApi, type ContentRef, type CreateReportRequest, type Report } from './types';

/** The longest report note the server keeps, in characters. */
export const REPORT_NOTE_MAX = 1000;

export function reportContent(target: ContentRef, body: CreateReportRequest) {
  const path = target.kind === 'proposal' ? '/api/v1/proposals/{id}/reports' : '/api/v1/comments/{id}/reports';
  return call(() => interimApi.POST(path, { params: { path: { id: target.id } }, body })) as Promise<Report>;
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
