import type { Permission } from '@huikuan/domain';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, isUnauthenticated } from '../api/ApiError';
import { apiRequest, onUnauthenticated, setCsrfToken } from '../api/apiClient';
import type { SessionResponse, SessionUser } from '../api/types';
import {
  SessionContext,
  type SessionContextValue,
  type SessionNotice,
  type SessionStatus,
} from './sessionContext';

interface State {
  status: SessionStatus;
  user: SessionUser | null;
  notice: SessionNotice;
  error: ApiError | null;
}

const ANONYMOUS: State = { status: 'anonymous', user: null, notice: null, error: null };

/** Holds the logged-in user: asks /auth/me at start, and drops to the login page on any 401. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading', user: null, notice: null, error: null });
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the retry trigger.
  useEffect(() => {
    const controller = new AbortController();
    apiRequest<SessionResponse>('GET', '/api/v1/auth/me', { signal: controller.signal })
      .then(({ user, csrfToken }) => {
        setCsrfToken(csrfToken);
        setState({ status: 'authenticated', user, notice: null, error: null });
      })
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthenticated(cause)) setState(ANONYMOUS);
        else
          setState({
            status: 'unavailable',
            user: null,
            notice: null,
            error: cause instanceof ApiError ? cause : new ApiError('unexpected', 0, null),
          });
      });
    return () => controller.abort();
  }, [generation]);

  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(null);
      setState((s) => (s.status === 'authenticated' ? { ...ANONYMOUS, notice: 'expired' } : s));
    });
    return () => onUnauthenticated(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const { user, csrfToken } = await apiRequest<SessionResponse>('POST', '/api/v1/auth/login', {
      body: { username, password },
    });
    setCsrfToken(csrfToken);
    setState({ status: 'authenticated', user, notice: null, error: null });
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiRequest<void>('POST', '/api/v1/auth/logout');
    } catch (cause) {
      // The session is already gone on the server side: logging out locally is still right.
      if (!isUnauthenticated(cause)) throw cause;
    }
    setCsrfToken(null);
    setState({ ...ANONYMOUS, notice: 'loggedOut' });
  }, []);

  const refresh = useCallback(() => {
    setState((s) => ({ ...s, status: 'loading', error: null }));
    setGeneration((g) => g + 1);
  }, []);

  const value = useMemo<SessionContextValue>(() => {
    const permissions = new Set(state.user?.permissions ?? []);
    return {
      ...state,
      login,
      logout,
      refresh,
      can: (permission: Permission) => permissions.has(permission),
    };
  }, [state, login, logout, refresh]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
