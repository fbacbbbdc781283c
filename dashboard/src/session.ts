const SESSION_KEY = 'usage-analytics.session';

/** An access token and the time it expires, in epoch milliseconds. */
export interface StoredSession {
  accessToken: string;
  expiresAt: number;
}

/**
 * Reads the session of this tab. sessionStorage keeps the token out of
 * other tabs and drops it when the tab closes.
 */
export function loadSession(now = Date.now()): StoredSession | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (raw === null) return null;

  try {
    const session = JSON.parse(raw) as Partial<StoredSession>;
    if (
      typeof session.accessToken !== 'string' ||
      typeof session.expiresAt !== 'number' ||
      session.expiresAt <= now
    ) {
      clearSession();
      return null;
    }

    return { accessToken: session.accessToken, expiresAt: session.expiresAt };
  } catch {
    clearSession();
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

export { SESSION_KEY };
