import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { clearCredentials, credentials, getJson, setCredentials } from './api.js';

// Who is signed in and what they may do, from GET /api/me. The UI offers only what the permissions allow; the API
// refuses the rest anyway.
const AuthContext = createContext(null);

export function AuthProvider({ children }) {
  const [me, setMe] = useState(null);
  const [checking, setChecking] = useState(Boolean(credentials()));

  useEffect(() => {
    if (!credentials()) {
      return;
    }
    getJson('/api/me').then(setMe).catch(() => clearCredentials()).finally(() => setChecking(false));
  }, []);

  const signIn = useCallback(async (user, password) => {
    setCredentials(user, password);
    try {
      setMe(await getJson('/api/me'));
    } catch (e) {
      clearCredentials();
      throw e;
    }
  }, []);

  const signOut = useCallback(() => {
    clearCredentials();
    setMe(null);
  }, []);

  const may = useCallback((permission) => Boolean(me?.permissions?.includes(permission)), [me]);

  return (
    <AuthContext.Provider value={{ me, checking, signIn, signOut, may }}>
      {children}
    </AuthContext.Provider>
  );
}

export function useAuth() {
  return useContext(AuthContext);
}
