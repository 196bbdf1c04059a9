// The frame of the workspace's pages: the bar (brand, the pages, a new review, sign-in, theme)
// and what a person sees when they are not a member (the server's message, and sign-in when that
// is how members get in).
import type { MouseEvent as ReactMouseEvent, ReactNode } from 'react';
import { navigate } from '../../services/router';
import { signInHref } from '../../services/signIn';
import { SignInControl } from '../account/SignInControl';
import { Brand } from '../home/Brand';
import { ThemeToggle } from '../theme/ThemeToggle';
import './library.css';

export function WorkspaceShell({ current, children }: { current: 'library' | 'follow-ups' | 'themes' | 'metrics' | 'trackers'; children: ReactNode }) {
  const link = (path: string, label: string, page: typeof current) => (
    <a
      href={path}
      className="workspace-nav__link"
      aria-current={current === page ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(path);
      }}
    >
      {label}
    </a>
  );
  return (
    <div className="workspace">
      <header className="workspace__bar">
        <Brand />
        <nav className="workspace-nav" aria-label="Workspace">
          {link('/library', 'Library', 'library')}
          {link('/follow-ups', 'Follow-ups', 'follow-ups')}
          {link('/library/themes', 'Themes', 'themes')}
          {link('/library/metrics', 'Metrics', 'metrics')}
          {link('/trackers', 'Trackers', 'trackers')}
          <a href="/" className="workspace-nav__link">
            New review
          </a>
        </nav>
        <div className="workspace__bar-end">
          <SignInControl />
          <ThemeToggle />
        </div>
      </header>
      <main className="workspace__main">{children}</main>
    </div>
  );
}

/** Shown instead of a page when the server says this browser is not a member (yet). */
export function NotAMember({ code, message }: { code: string; message: string }) {
  return (
    <div className="callout callout--warning workspace__refused" role="alert">
      <p>{message}</p>
      {code === 'WORKSPACE_SIGN_IN_REQUIRED' && (
        <a className="btn btn--primary" href={signInHref(location.pathname)}>
          Sign in
        </a>
      )}
    </div>
  );
}

/** Opens a board link (`/b/<id>#token=...`) within the app (a new tab still opens one). */
export function openLink(e: ReactMouseEvent, link: string) {
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(link);
}

export const isMembershipError = (code: string) => code.startsWith('WORKSPACE_');

/** "Page 2 of 7" with previous and next. */
export function Pager({ page, pageSize, total, onPage, label }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; label: string }) {
  const pages = Math.max(1, Math.ceil(Math.min(total, 10_000) / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="btn btn--secondary btn--sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" className="btn btn--secondary btn--sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
