import { createContext } from 'preact';
import type { CurrentUser } from '../api/api-types';

/** The signed-in user, and how to end the session. */
export interface SessionValue {
  token: string;
  user: CurrentUser | null;
  /** Ends the session because the service rejected the token. */
  expire(): void;
  logOut(): void;
}

export const SessionContext = createContext<SessionValue>({
  token: '',
  user: null,
  expire: () => undefined,
  logOut: () => undefined,
});
