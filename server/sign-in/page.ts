// The page a browser sees when sign-in cannot go on: a heading, the catalogue's message, and links
// home and to try again. Never a redirect (a failing provider must not become a loop) and never
// blank; it needs no script or stylesheet, so it reads the same under any content security policy.
import { HttpErrors, type HttpErrorCode } from '../errors';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface MessagePage {
  code: HttpErrorCode;
  /** Defaults to the catalogue's message. */
  message?: string;
  /** A "Try signing in again" link to this address, or none. */
  retryHref: string | null;
}

/** The HTML of a sign-in message page. */
export function renderMessagePage({ code, message = HttpErrors[code].message, retryHref }: MessagePage): string {
  const title = code === 'SIGN_IN_NOT_CONFIGURED' ? 'Sign-in is not available' : 'You are not signed in';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Debrief</title>
</head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<h1>${escapeHtml(title)}</h1>
<p role="alert" data-code="${escapeHtml(code)}">${escapeHtml(message)}</p>
<p><a href="/">Back to Debrief</a>${retryHref ? ` · <a href="${escapeHtml(retryHref)}">Try signing in again</a>` : ''}</p>
</main>
</body>
</html>
`;
}
