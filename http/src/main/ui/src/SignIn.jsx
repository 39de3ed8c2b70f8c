import { useState } from 'react';
import { useAuth } from './auth.jsx';

export function SignIn() {
  const { signIn } = useAuth();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(user, password);
    } catch (e) {
      setError(e.status === 401 ? 'Wrong user name or password.' : e.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Cairn</h1>
        <label htmlFor="user">User name</label>
        <input id="user" name="user" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)}
          required autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" value={password}
          onChange={(e) => setPassword(e.target.value)} required />
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
