import { useContext } from 'react';
import { SessionContext, type SessionContextValue } from './sessionContext';

/** The current session: who is logged in, what they may do, login and logout. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
