/**
 * The token of a link Siilo sends by email (`/verify-email#token=…`, `/reset-password#token=…`,
 * `/unsubscribe#token=…`). It travels in the fragment, which browsers never send to a server, so
 * it stays out of server logs and Referer headers.
 */

/** The `token` of a fragment (`#token=abc`, with or without the `#`), or null when it has none. */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token')?.trim();
  return token ? token : null;
}
