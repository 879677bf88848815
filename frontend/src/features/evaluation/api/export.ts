import { useMutation } from '@tanstack/react-query';
import { evalApi } from '@/lib/eval-contract';
import { call } from '@/lib/problem';

export type ExportFormat = 'csv' | 'json';

/** The file name the server gives (`Content-Disposition`), else `<slug>-proposals.<format>`. */
function fileName(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? '';
  const m = /filename="?([^";]+)"?/.exec(cd);
  return m?.[1] ?? fallback;
}

/**
 * Downloads the call's proposals with their scores. The request carries the access token, so
 * the file is fetched and then saved through a temporary link.
 */
export function useExport(callId: string, slug: string) {
  return useMutation({
    mutationFn: async (format: ExportFormat) => {
      let name = `${slug}-proposals.${format}`;
      const blob = await call(async () => {
        const r = await evalApi.GET('/api/v1/calls/{id}/export', { params: { path: { id: callId }, query: { format } }, parseAs: 'blob' });
        name = fileName(r.response, name);
        return r;
      });
      const url = URL.createObjectURL(blob as Blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return name;
    },
  });
}
