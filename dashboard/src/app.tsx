import { useEffect, useMemo, useState } from 'preact/hooks';
import { UnauthorizedError } from './api/api-client';
import type { AccessToken, CurrentUser } from './api/api-types';
import { fetchCurrentUser } from './api/dashboard-api';
import { DashboardPage } from './components/dashboard-page';
import { LoginForm } from './components/login-form';
import { SessionContext, SessionValue } from './components/session-context';
import {
  clearSession,
  loadSession,
  saveSession,
  StoredSession,
} from './session';

const EXPIRED_NOTICE = 'Your session has expired. Sign in again.';
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

type Phase =
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'loading-user'; session: StoredSession }
  | { kind: 'failed'; session: StoredSession; message: string }
  | { kind: 'signed-in'; session: StoredSession; user: CurrentUser };

function initialPhase(): Phase {
  const session = loadSession();

  return session === null
    ? { kind: 'signed-out' }
    : { kind: 'loading-user', session };
}

/** Shows the login until a token is stored, then the dashboard. */
export function App() {
  const [phase, setPhase] = useState<Phase>(initialPhase);
  const session = phase.kind === 'signed-out' ? null : phase.session;

  const signOut = (notice?: string) => {
    clearSession();
    setPhase({ kind: 'signed-out', notice });
  };

  useEffect(() => {
    if (phase.kind !== 'loading-user') return;
    fetchCurrentUser(phase.session.accessToken).then(
      (user) => setPhase({ kind: 'signed-in', session: phase.session, user }),
      (error: unknown) =>
        error instanceof UnauthorizedError
          ? signOut(EXPIRED_NOTICE)
          : setPhase({
              kind: 'failed',
              session: phase.session,
              message: error instanceof Error ? error.message : String(error),
            }),
    );
  }, [phase]);

  // The service rejects the token after expiresIn seconds anyway; this
  // shows the login at that moment instead of at the next failed request.
  useEffect(() => {
    if (session === null) return;
    const delay = Math.max(0, session.expiresAt - Date.now());
    // setTimeout fires at once for delays past 2^31 - 1 ms (24.8 days), so
    // a longer-lived token relies on the 401 of a request instead.
    if (delay > MAX_TIMER_DELAY_MS) return;
    const timer = setTimeout(() => signOut(EXPIRED_NOTICE), delay);

    return () => clearTimeout(timer);
  }, [session?.expiresAt]);

  const context = useMemo<SessionValue>(
    () => ({
      token: session?.accessToken ?? '',
      user: phase.kind === 'signed-in' ? phase.user : null,
      expire: () => signOut(EXPIRED_NOTICE),
      logOut: () => signOut('You are signed out.'),
    }),
    [phase],
  );

  const onSignedIn = (token: AccessToken) => {
    const stored = {
      accessToken: token.accessToken,
      expiresAt: Date.now() + token.expiresIn * 1000,
    };
    saveSession(stored);
    setPhase({ kind: 'loading-user', session: stored });
  };

  if (phase.kind === 'signed-out') {
    return <LoginForm notice={phase.notice} onSignedIn={onSignedIn} />;
  }
  if (phase.kind === 'loading-user') {
    return (
      <p class="state" role="status">
        Loading your account…
      </p>
    );
  }
  if (phase.kind === 'failed') {
    return (
      <main class="login">
        <p class="state-error" role="alert">
          Could not load your account: {phase.message}
        </p>
        <button type="button" onClick={() => setPhase(initialPhase())}>
          Retry
        </button>{' '}
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </main>
    );
  }

  return (
    <SessionContext.Provider value={context}>
      <DashboardPage user={phase.user} />
    </SessionContext.Provider>
  );
}
