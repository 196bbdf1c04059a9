// Sign-in (docs/sign-in.md): what GET /api/me said, asked once per page load, and the addresses
// that sign in and out. The server does the OpenID Connect flow; the browser only navigates to it.
// Unknown (null) until the server answers, and stays null offline: then no sign-in control shows.
import { useSyncExternalStore } from 'react';
import type { SignInStatus } from '../../../shared/protocol';
import { fetchSignInStatus } from './api';

let status: SignInStatus | null = null;
let asked: Promise<SignInStatus | null> | null = null;
const listeners = new Set<() => void>();

/** What GET /api/me says (null offline or from an old server), asked once per page load: the
 * board's opening (which offers the signed-in name) and the sign-in control share the answer. */
export function signInStatus(): Promise<SignInStatus | null> {
  asked ??= fetchSignInStatus().then(
    (answer) => {
      status = answer;
      listeners.forEach((l) => l());
      return answer;
    },
    () => {
      // Offline or an old server: no sign-in control; a later page load asks again.
      return null;
    },
  );
  return asked;
}

/** The sign-in status (null until known). */
export function useSignIn(): SignInStatus | null {
  return useSyncExternalStore(
    (listener) => {
      void signInStatus();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => status,
    () => status,
  );
}

/** The address that signs in and comes back to `returnTo` (a path on this site; never the fragment,
 * which may hold a board's token). */
export function signInHref(returnTo: string = window.location.pathname): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/** Where the Sign out form posts. */
export const SIGN_OUT_ACTION = '/auth/logout';
