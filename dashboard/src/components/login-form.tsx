import { useState } from 'preact/hooks';
import { ApiError } from '../api/api-client';
import type { AccessToken } from '../api/api-types';
import { logIn } from '../api/dashboard-api';

/** Email and password form; `notice` explains why the user is back here. */
export function LoginForm(props: {
  notice?: string;
  onSignedIn: (token: AccessToken) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      props.onSignedIn(await logIn(email.trim(), password));
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'Invalid email or password.'
          : caught instanceof Error
            ? caught.message
            : String(caught),
      );
      setSubmitting(false);
    }
  };

  return (
    <main class="login">
      <form class="login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Usage analytics</h1>
        <p class="muted">Sign in as an organization admin or a super admin.</p>
        {props.notice && (
          <p class="notice" role="status">
            {props.notice}
          </p>
        )}
        <label for="login-email">Email</label>
        <input
          id="login-email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <label for="login-password">Password</label>
        <input
          id="login-password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        {error && (
          <p class="state-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
