// Sign-in plugin: optional OpenID Connect (docs/sign-in.md). Decorates `signIn`, which the other
// plugins ask who is signed in (`identity`) and whether a board may be created (`assertMayCreate`).
// Without OIDC_ISSUER nothing changes: everyone is a guest, GET /api/me says sign-in is unavailable.
//   GET  /api/me         sign-in available? who is signed in on this browser? (JSON)
//   GET  /auth/login     starts the code flow (PKCE, state, nonce) and redirects to the provider
//   GET  /auth/callback  the provider's answer: verified, then a session, then back where they were
//   POST /auth/logout    ends the session here, then at the provider when it offers end_session
// Sessions live in the store (sign_in_sessions) under the SHA-256 of a random cookie id, rather
// than in a signed cookie: signing out really ends a session (a copied cookie is worth nothing
// afterwards), an altered cookie simply names no session, and several instances on one PostgreSQL
// share sessions with no key to distribute. A failure on the /auth/ routes answers a page with the
// catalogue's message (never a redirect: a failing provider must not become a loop), and changes
// nothing already stored: a signed-in session survives a failed second sign-in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SignInStatus } from '../../shared/protocol';
import { hashToken, newToken } from '../auth';
import type { ServerConfig, SignInConfig } from '../config';
import { ApiError, apiError, toApiError } from '../errors';
import { clearCookie, cookieNames, readCookie, setCookie, type CookieNames } from '../sign-in/cookies';
import { renderMessagePage } from '../sign-in/page';
import { OidcProvider } from '../sign-in/provider';
import type { SignInSessionStore } from '../storage/sign-in-sessions';

/** The signed-in person behind a request, as the provider vouched for them. */
export interface SignedInIdentity {
  issuer: string;
  /** The provider's `sub`: stable for this person at this issuer. */
  subject: string;
  /** Display name (the provider's `name`, or the closest it has). */
  name: string;
  email: string | null;
}

/** What other plugins may ask of sign-in. */
export interface SignIn {
  /** OIDC is configured. */
  readonly available: boolean;
  /** The signed-in person of this request (its session cookie), or null for a guest. */
  identity(request: FastifyRequest): Promise<SignedInIdentity | null>;
  /** Throws SIGN_IN_REQUIRED when creating a board needs sign-in and the request has none. */
  assertMayCreate(request: FastifyRequest): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    signIn: SignIn;
  }
}

/** One string naming a person across issuers, for a board's person record (`issuer` + space + `sub`). */
export const externalSubject = (identity: SignedInIdentity): string => `${identity.issuer} ${identity.subject}`;

/** How long a sign-in may take between leaving for the provider and coming back. */
const PENDING_MS = 10 * 60_000;

interface PendingRecord {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

interface SessionRecord extends SignedInIdentity {
  idToken: string;
  signedInAt: number;
}

// Where to go back to after signing in: a path on this site only (never `//host` or `/\host`).
const returnToQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { returnTo: { type: 'string', maxLength: 2000, pattern: '^/(?![/\\\\])[^\\u0000-\\u001f\\u007f]*$' } },
} as const;

const meResponse = {
  type: 'object',
  properties: {
    available: { type: 'boolean' },
    createRequiresSignIn: { type: 'boolean' },
    person: {
      type: ['object', 'null'],
      properties: { name: { type: 'string' }, email: { type: ['string', 'null'] } },
    },
    sessionEnded: { type: 'boolean' },
  },
} as const;

const parseJson = <T>(data: string | null): T | null => {
  if (data === null) return null;
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
};

export interface SignInPluginOptions {
  config: ServerConfig;
}

export default fp<SignInPluginOptions>(
  async function signInPlugin(app, { config }) {
    const settings = config.signIn;
    if (settings === null) {
      app.decorate('signIn', { available: false, identity: async () => null, assertMayCreate: async () => undefined } satisfies SignIn);
      await app.register(async (routes) => {
        routes.get('/api/me', { schema: { response: { 200: meResponse } } }, async (_request, reply): Promise<SignInStatus> => {
          void reply.header('cache-control', 'no-store');
          return { available: false, createRequiresSignIn: false, person: null, sessionEnded: false };
        });
        routes.setErrorHandler(failurePage(null));
        const notConfigured = async () => {
          throw apiError('SIGN_IN_NOT_CONFIGURED');
        };
        routes.get('/auth/login', notConfigured);
        routes.get('/auth/callback', notConfigured);
        routes.post('/auth/logout', notConfigured);
      });
      return;
    }

    const provider = new OidcProvider(settings);
    const sessions = app.storage.signInSessions;
    const secure = settings.publicUrl.startsWith('https:');
    const publicOrigin = new URL(settings.publicUrl).origin;
    const names = cookieNames(secure);
    const lookups = new WeakMap<FastifyRequest, Promise<SessionLookup>>();
    /** The session of a request, looked up once per request. */
    const lookup = (request: FastifyRequest): Promise<SessionLookup> => {
      let found = lookups.get(request);
      if (!found) {
        found = findSession(sessions, names, request);
        lookups.set(request, found);
      }
      return found;
    };

    const signIn: SignIn = {
      available: true,
      async identity(request) {
        const { record } = await lookup(request);
        return record ? { issuer: record.issuer, subject: record.subject, name: record.name, email: record.email } : null;
      },
      async assertMayCreate(request) {
        if (settings.createRequiresSignIn && (await lookup(request)).record === null) throw apiError('SIGN_IN_REQUIRED');
      },
    };
    app.decorate('signIn', signIn);

    // Discover now, so that a misconfigured or unreachable provider shows in the log at start; the
    // server starts either way, and sign-in discovers again when asked.
    app.addHook('onReady', async () => {
      provider.configuration().then(
        () => app.log.info({ issuer: settings.issuer }, 'sign-in provider discovered'),
        (error: unknown) =>
          app.log.warn(
            { issuer: settings.issuer, err: (error as Error).cause ?? error },
            'sign-in provider could not be discovered; sign-in will try again when someone signs in',
          ),
      );
    });

    await app.register(async (routes) => {
      routes.get('/api/me', { schema: { response: { 200: meResponse } } }, async (request, reply): Promise<SignInStatus> => {
        void reply.header('cache-control', 'no-store');
        const { record, presented } = await lookup(request);
        // A cookie naming no session: forget it, and say so once.
        if (record === null && presented) clearCookie(reply, names.session, secure);
        return {
          available: true,
          createRequiresSignIn: settings.createRequiresSignIn,
          person: record ? { name: record.name, email: record.email } : null,
          sessionEnded: record === null && presented,
        };
      });
    });

    await app.register(async (routes) => {
      routes.setErrorHandler(failurePage(settings));
      // A form's POST (Sign out) carries an empty url-encoded body; nothing in it is read.
      routes.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_r, _b, done) =>
        done(null, null),
      );

      routes.get<{ Querystring: { returnTo?: string } }>(
        '/auth/login',
        { schema: { querystring: returnToQuery } },
        async (request, reply) => {
          const returnTo = request.query.returnTo ?? '/';
          const authorization = await provider.authorizationRequest();
          const id = newToken();
          const pending: PendingRecord = {
            state: authorization.state,
            nonce: authorization.nonce,
            codeVerifier: authorization.codeVerifier,
            returnTo,
          };
          await sessions.put(hashToken(id), 'pending', JSON.stringify(pending), Date.now() + PENDING_MS);
          setCookie(reply, names.pending, id, PENDING_MS, secure);
          void reply.header('cache-control', 'no-store');
          return reply.redirect(authorization.url.href, 303);
        },
      );

      routes.get<{ Querystring: Record<string, string | undefined> }>('/auth/callback', async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        const query = request.query;
        const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const { id } = readCookie(request, names.pending);
        const pendingHash = id === null ? null : hashToken(id);
        const pending = pendingHash && parseJson<PendingRecord>(await sessions.get(pendingHash, 'pending', Date.now()));
        if (!pendingHash || !pending) {
          clearCookie(reply, names.pending, secure);
          throw apiError('SIGN_IN_EXPIRED');
        }
        // An answer to someone else's sign-in (a forged link) does not use up this browser's own.
        if (typeof query.state !== 'string' || query.state !== pending.state) throw apiError('SIGN_IN_STATE_MISMATCH');
        // From here this browser's sign-in attempt is over, whatever happens next. Taken once: a
        // replayed callback finds nothing.
        clearCookie(reply, names.pending, secure);
        if ((await sessions.take(pendingHash, 'pending', Date.now())) === null) throw apiError('SIGN_IN_EXPIRED');
        if (typeof query.error === 'string') {
          if (query.error === 'access_denied' || query.error === 'consent_required' || query.error === 'login_required') {
            throw apiError('SIGN_IN_DENIED');
          }
          throw apiError('SIGN_IN_FAILED', `The sign-in provider answered "${query.error.slice(0, 60)}", so you are not signed in. Nothing was changed; start again from Sign in.`);
        }
        if (typeof query.code !== 'string' || query.code === '') {
          throw apiError('SIGN_IN_FAILED', 'The sign-in provider answered without an authorization code, so you are not signed in. Nothing was changed; start again from Sign in.');
        }

        const identity = await provider.verifyCallback(search, pending);
        const now = Date.now();
        const session: SessionRecord = { ...identity, signedInAt: now };
        const sessionId = newToken();
        await sessions.put(hashToken(sessionId), 'signed-in', JSON.stringify(session), now + settings.sessionMs);
        // A new id at every sign-in (an id planted before sign-in is worth nothing after it).
        const previous = readCookie(request, names.session).id;
        if (previous !== null) await sessions.delete(hashToken(previous));
        setCookie(reply, names.session, sessionId, settings.sessionMs, secure);
        await sessions.deleteExpired(now);
        request.log.info({ issuer: identity.issuer }, 'signed in');
        return reply.redirect(pending.returnTo, 303);
      });

      routes.post('/auth/logout', async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        // Another site's form must not sign people out (the cookie is SameSite=Lax, but the answer
        // clearing it would still apply): browsers say where a POST comes from, in Sec-Fetch-Site,
        // or in Origin for older ones (`null` under our no-referrer policy, so no evidence).
        const site = request.headers['sec-fetch-site'];
        const origin = request.headers.origin;
        const foreign =
          typeof site === 'string'
            ? site !== 'same-origin' && site !== 'none'
            : typeof origin === 'string' && origin !== 'null' && origin !== publicOrigin;
        if (foreign) {
          throw apiError('INVALID_REQUEST', 'Sign out from a Debrief page: this request came from another site, so nothing was changed.');
        }
        const id = readCookie(request, names.session).id;
        let idToken: string | null = null;
        if (id !== null) {
          const record = parseJson<SessionRecord>(await sessions.take(hashToken(id), 'signed-in', Date.now()));
          idToken = record?.idToken ?? null;
          await sessions.delete(hashToken(id));
        }
        clearCookie(reply, names.session, secure);
        // Signed out here already; the provider's session ends too when it offers RP-initiated logout.
        const endSession = idToken === null ? null : await provider.endSessionUrl(idToken);
        return reply.redirect(endSession?.href ?? '/', 303);
      });
    });
  },
  { name: 'debrief-sign-in', fastify: '5.x', dependencies: ['debrief-storage'] },
);

interface SessionLookup {
  record: SessionRecord | null;
  /** A session cookie came with the request (whether or not it named a live session). */
  presented: boolean;
}

async function findSession(sessions: SignInSessionStore, names: CookieNames, request: FastifyRequest): Promise<SessionLookup> {
  const { present, id } = readCookie(request, names.session);
  if (id === null) return { record: null, presented: present };
  const record = parseJson<SessionRecord>(await sessions.get(hashToken(id), 'signed-in', Date.now()));
  return { record, presented: true };
}

/**
 * The error handler of the /auth/ routes: a person's browser is looking, so any failure is a page
 * with the catalogue's message (and, with sign-in configured, a link to try again).
 */
const failurePage = (settings: SignInConfig | null) => (error: Error, request: FastifyRequest, reply: FastifyReply): void => {
  const failure = error instanceof ApiError ? error : toApiError(error);
  const cause = (error as Error).cause;
  if (failure.statusCode >= 500 && failure.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: failure.code, err: cause ?? undefined }, 'sign-in refused');
  const retryHref = settings === null ? null : '/auth/login';
  void reply
    .code(failure.statusCode)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderMessagePage({ code: failure.code, message: failure.message, retryHref }));
};
