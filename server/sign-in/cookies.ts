// The two cookies of sign-in: the session (a signed-in person) and the sign-in in progress. Each
// holds only a random id; what it stands for is in the store, under the id's SHA-256 (so the
// database alone opens no session). HttpOnly (no script reads them), SameSite=Lax (sent when the
// provider redirects back, not on cross-site posts), Secure with the `__Host-` prefix when Debrief
// is served over https (pinned to this host and path /).
import type { FastifyReply, FastifyRequest } from 'fastify';

export type SignInCookie = 'session' | 'pending';

export interface CookieNames {
  readonly session: string;
  readonly pending: string;
}

/** Cookie names for a site served over https (`secure`) or plain http. */
export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}debrief-session`, pending: `${prefix}debrief-sign-in` };
}

/** Our ids are 43 URL-safe base64 characters (server/auth.ts newToken); anything else is not one. */
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The value of cookie `name` in the request, when it is shaped like one of our ids. `present` says
 * whether the browser sent the cookie at all (an altered value is present but not an id).
 */
export function readCookie(request: FastifyRequest, name: string): { present: boolean; id: string | null } {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return { present: false, id: null };
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return { present: true, id: ID_SHAPE.test(value) ? value : null };
  }
  return { present: false, id: null };
}

/** Sets cookie `name` to `id` for `maxAgeMs` (rounded down to seconds). */
export function setCookie(reply: FastifyReply, name: string, id: string, maxAgeMs: number, secure: boolean): void {
  appendCookie(reply, `${name}=${id}; Path=/; Max-Age=${Math.floor(maxAgeMs / 1000)}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
}

/** Tells the browser to forget cookie `name`. */
export function clearCookie(reply: FastifyReply, name: string, secure: boolean): void {
  appendCookie(reply, `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
}

function appendCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  void reply.header('set-cookie', [...list, cookie]);
}
