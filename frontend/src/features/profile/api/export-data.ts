import { useMutation } from '@tanstack/react-query';
import { ApiProblem } from '@/lib/problem';
import { api } from '@/lib/api-client';

/** The file name the server gives (`siilo-<date>.json`), or one of ours. */
function fileName(disposition: string | null): string {
  const m = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return m?.[1] ?? `siilo-${new Date().toISOString().slice(0, 10)}.json`;
}

/** Everything Siilo holds about the signed-in user, as the JSON file the server makes. */
export async function exportData(): Promise<{ blob: Blob; name: string }> {
  let result;
  try {
    result = await api.GET('/api/v1/me/export', { parseAs: 'blob' });
  } catch (e) {
    throw ApiProblem.network(e);
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok || !(data instanceof Blob)) throw ApiProblem.from(error, response);
  return { blob: data, name: fileName(response.headers.get('Content-Disposition')) };
}

/** Saves a file through a temporary link, as a download. */
export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useExportData() {
  return useMutation({
    mutationFn: exportData,
    onSuccess: ({ blob, name }) => saveFile(blob, name),
  });
}
