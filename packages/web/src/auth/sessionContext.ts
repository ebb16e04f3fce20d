import type { Permission } from '@huikuan/domain';
import { createContext } from 'react';
import type { ApiError } from '../api/ApiError';
import type { SessionUser } from '../api/types';

/**
 * loading: asking /auth/me; anonymous: show the login page; authenticated: show the app;
 * unavailable: the server could not be reached at start.
 */
export type SessionStatus = 'loading' | 'anonymous' | 'authenticated' | 'unavailable';

/** Why the login page is showing, when it is not the first visit. */
export type SessionNotice = 'expired' | 'loggedOut' | null;

export interface SessionContextValue {
  status: SessionStatus;
  user: SessionUser | null;
  notice: SessionNotice;
  /** The error that made the session unavailable. */
  error: ApiError | null;
  /** Logs in; rejects with an ApiError (INVALID_CREDENTIALS, ACCOUNT_LOCKED, …). */
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Asks /auth/me again (after the server was unavailable). */
  refresh: () => void;
  /** True when the user holds the permission. */
  can: (permission: Permission) => boolean;
}

export const SessionContext = createContext<SessionContextValue | null>(null);
