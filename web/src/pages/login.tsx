// Sign-in with an API token (`moat server` prints the first admin token once; admins make more
// under Settings).
import { useState } from 'preact/hooks';
import { request } from '../api';
import { TextField } from '../components/forms';
import { signIn, signOutReason, type SystemInfo } from '../session';

export function Login() {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function submit(e: Event) {
    e.preventDefault();
    const candidate = value.trim();
    if (!candidate) {
      setError('Enter an API token.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const response = await request('GET', '/system', { bearer: candidate });
      signIn(candidate, (await response.json()) as SystemInfo);
    } catch (err) {
      setError(`Sign-in failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="login">
      <form class="card" onSubmit={submit}>
        <h1>Moat</h1>
        <p>Sign in with an API token.</p>
        {signOutReason.value && <p class="notice">{signOutReason.value}</p>}
        <TextField
          label="API token"
          type="password"
          name="token"
          autocomplete="off"
          placeholder="moat_…"
          value={value}
          onValue={setValue}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
