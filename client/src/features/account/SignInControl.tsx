// "Sign in", or the signed-in name with "Sign out", for the home page's header. Shows only when the
// server offers sign-in (GET /api/me); without it Debrief is guests with names, as always.
import { SIGN_OUT_ACTION, signInHref, useSignIn } from '../../services/signIn';
import { Button } from '../../ui/Button';
import './account.css';

export function SignInControl() {
  const status = useSignIn();
  if (!status?.available) return null;
  if (status.person) {
    return (
      <div className="account">
        <span className="account__name" title={status.person.email ?? undefined}>
          Signed in as <strong>{status.person.name}</strong>
        </span>
        <SignOutForm className="account__form" />
      </div>
    );
  }
  return (
    <div className="account">
      {status.sessionEnded && <span className="account__note">Your sign-in has ended.</span>}
      <a className="btn btn--secondary btn--sm" href={signInHref()}>
        Sign in
      </a>
    </div>
  );
}

/** A plain form POST, so the browser follows the server's redirects to the provider and back. */
export function SignOutForm({ className, asMenuItem = false }: { className?: string; asMenuItem?: boolean }) {
  return (
    <form method="post" action={SIGN_OUT_ACTION} className={className}>
      {asMenuItem ? (
        <button type="submit" className="menu-item" role="menuitem">
          Sign out
        </button>
      ) : (
        <Button type="submit" variant="ghost" size="sm">
          Sign out
        </Button>
      )}
    </form>
  );
}
