/**
 * The signed-in session: the access token lives in memory only, the refresh token in
 * localStorage so that a reload or a new tab stays signed in. Listeners hear when the session
 * starts or ends (for example when a refresh is refused), so the UI can sign out cleanly.
 */
import type { components } from './api/schema';

export type TokenResponse = components['schemas']['TokenResponse'];

export const REFRESH_TOKEN_KEY = 'siilo.refresh_token';
/** Why the session last ended underneath the user (a problem code), shared with other tabs. */
export const END_REASON_KEY = 'siilo.session_end_reason';
/** Known-client tokens by email: they outlive sign-outs, so that a stranger's failed logins
 * cannot lock this browser out of its own accounts. */
export const KNOWN_CLIENTS_KEY = 'siilo.known_clients';

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class Session {
  private accessToken: string | null = null;
  private accessExpiresAt = 0;
  private endReasonCode: string | null = null;
  private readonly listeners = new Set<(signedIn: boolean, reason: string | null) => void>();
  private readonly reasonListeners = new Set<() => void>();
  private readonly storage: TokenStorage | null;
  private readonly now: () => number;

  constructor(storage: TokenStorage | null, now: () => number = Date.now) {
    this.storage = storage;
    this.now = now;
  }

  get access(): string | null {
    return this.accessToken;
  }

  /** True when the access token is missing or about to expire (30 s of slack). */
  get accessStale(): boolean {
    return this.accessToken === null || this.now() > this.accessExpiresAt - 30_000;
  }

  get refresh(): string | null {
    try {
      return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * The server's problem code when the session was ended by the server (`account_blocked`,
   * `session_ended`, …) rather than by the user signing out; null otherwise. Cleared when a
   * session starts or the user dismisses the notice.
   */
  get endReason(): string | null {
    return this.endReasonCode;
  }

  clearEndReason(): void {
    this.setEndReason(null);
  }

  /** Hears every change of {@link endReason} (for `useSyncExternalStore`). */
  subscribeEndReason(listener: () => void): () => void {
    this.reasonListeners.add(listener);
    return () => this.reasonListeners.delete(listener);
  }

  private setEndReason(reason: string | null): void {
    if (this.endReasonCode === reason) return;
    this.endReasonCode = reason;
    for (const l of this.reasonListeners) l();
  }

  get active(): boolean {
    return this.accessToken !== null || this.refresh !== null;
  }

  start(
    pair: Pick<TokenResponse, 'access_token' | 'refresh_token' | 'expires_in'> & {
      known_client_token?: string;
      user?: { email: string };
    },
  ): void {
    const wasActive = this.active;
    this.setEndReason(null);
    this.accessToken = pair.access_token;
    this.accessExpiresAt = this.now() + pair.expires_in * 1000;
    try {
      this.storage?.removeItem(END_REASON_KEY);
      this.storage?.setItem(REFRESH_TOKEN_KEY, pair.refresh_token);
      if (pair.known_client_token && pair.user) {
        const known = { ...this.knownClients(), [pair.user.email]: pair.known_client_token };
        this.storage?.setItem(KNOWN_CLIENTS_KEY, JSON.stringify(known));
      }
    } catch {
      // Storage may be full or disabled; the session then lasts as long as the page.
    }
    if (!wasActive) this.emit(true);
  }

  /** The known-client token this browser was given for `email`, if any. */
  knownClientFor(email: string): string | undefined {
    return this.knownClients()[email.trim().toLowerCase()];
  }

  private knownClients(): Record<string, string> {
    try {
      const raw = this.storage?.getItem(KNOWN_CLIENTS_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  /**
   * Ends the session. `reason` is the server's problem code when the server ended it (the
   * user is then told why); none when the user signed out. The reason is written before the
   * refresh token is removed, so another tab that hears the removal can tell its user too.
   */
  end(reason: string | null = null): void {
    const wasActive = this.active;
    this.accessToken = null;
    this.accessExpiresAt = 0;
    if (wasActive) this.setEndReason(reason);
    try {
      if (wasActive && reason) this.storage?.setItem(END_REASON_KEY, reason);
      else if (wasActive) this.storage?.removeItem(END_REASON_KEY);
      this.storage?.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      // Nothing to remove from a storage we cannot use.
    }
    if (wasActive) this.emit(false);
  }

  /** The reason another tab left in the shared storage when it ended the session. */
  get storedEndReason(): string | null {
    try {
      return this.storage?.getItem(END_REASON_KEY) ?? null;
    } catch {
      return null;
    }
  }

  subscribe(listener: (signedIn: boolean, reason: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(signedIn: boolean): void {
    for (const l of this.listeners) l(signedIn, this.endReasonCode);
  }
}
