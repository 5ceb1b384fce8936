// The signed-in session: probed once at start (GET /api/auth/me), set by sign-in, cleared by
// sign-out or by any 401 from the API (the session expired or was revoked).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, onUnauthorized, setCsrfToken } from '../api/client.js';
import type { Session, User } from '../api/types.js';

export type AuthState = { status: 'loading' } | { status: 'signedOut'; expired: boolean } | { status: 'signedIn'; user: User } | { status: 'unreachable'; error: ApiError };

interface AuthValue {
  state: AuthState;
  user: User | null;
  signIn: (username: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [probe, setProbe] = useState(0);

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signedIn', user: session.user });
    return session.user;
  }, []);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    api.me().then(
      (session) => {
        if (live) accept(session);
      },
      (error: unknown) => {
        if (!live) return;
        setCsrfToken(null);
        // 401: no session. Anything else (server down, proxy error) is not a reason to ask for a password.
        if (error instanceof ApiError && error.status !== 401) setState({ status: 'unreachable', error });
        else setState({ status: 'signedOut', expired: false });
      },
    );
    return () => {
      live = false;
    };
  }, [accept, probe]);

  useEffect(() => {
    onUnauthorized(() => setState({ status: 'signedOut', expired: true }));
    return () => onUnauthorized(null);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => accept(await api.login(username, password)), [accept]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch (error) {
      // A 401 means the session had already ended; anything else leaves the session in place.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    setState({ status: 'signedOut', expired: false });
  }, []);

  const retry = useCallback(() => setProbe((n) => n + 1), []);

  const value = useMemo<AuthValue>(() => ({ state, user: state.status === 'signedIn' ? state.user : null, signIn, signOut, retry }), [state, signIn, signOut, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
