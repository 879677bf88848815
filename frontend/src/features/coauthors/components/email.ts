/** A plausible email address (the server checks it properly): something@domain.tld, no spaces. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/** Adds an address to a draft list: trimmed and lower-cased, once; an empty or bad one is left out. */
export function addEmail(list: readonly string[], value: string): string[] {
  const email = value.trim().toLowerCase();
  if (!looksLikeEmail(email) || list.includes(email)) return [...list];
  return [...list, email];
}
