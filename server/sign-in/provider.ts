// The OpenID Connect relying party, on openid-client v6 (maintained, certified, runs on Node 20):
// discovery, the authorization request with PKCE (S256), state and nonce, the code exchange, and
// the ID token's checks. Signature verification is turned on explicitly (enableNonRepudiationChecks):
// openid-client would otherwise lean on TLS for tokens from the token endpoint, and an http issuer
// on localhost (development, tests) has no TLS. Discovery is retried on demand: a provider that is
// down when Debrief starts costs sign-in only until it is back, never the server.
import type * as Oidc from 'openid-client';
import { LIMITS } from '../../shared/board';
import type { SignInConfig } from '../config';
import { ApiError, apiError } from '../errors';

/** What the provider told us about the person, after every check passed. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  name: string;
  email: string | null;
  /** The raw ID token, kept for `id_token_hint` when signing out at the provider. */
  idToken: string;
}

/** What a sign-in in progress must remember until the callback. */
export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Seconds any one request to the provider may take. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** openid-client, loaded on first use: a server without sign-in configured never loads it (memory). */
let library: typeof Oidc | null = null;
async function oidcLibrary(): Promise<typeof Oidc> {
  library ??= await import('openid-client');
  return library;
}


export class OidcProvider {
  private discovered: Promise<Oidc.Configuration> | null = null;

  constructor(private readonly config: SignInConfig) {}

  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  /** The provider's configuration, discovered once; a failed discovery is tried again next time. */
  configuration(): Promise<Oidc.Configuration> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = null;
      throw error;
    });
    return this.discovered;
  }

  private async discover(): Promise<Oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.config;
    const oidc = await oidcLibrary();
    const execute: Array<(c: Oidc.Configuration) => void> = [oidc.enableNonRepudiationChecks];
    // config.ts accepts http only for localhost.
    if (new URL(issuer).protocol === 'http:') execute.push(oidc.allowInsecureRequests);
    try {
      return await oidc.discovery(
        new URL(issuer),
        clientId,
        clientSecret ?? undefined,
        clientSecret === null ? oidc.None() : oidc.ClientSecretBasic(clientSecret),
        { execute, timeout: PROVIDER_TIMEOUT_SECONDS },
      );
    } catch (error) {
      throw classify(error);
    }
  }

  /** A fresh authorization request (code flow, PKCE S256, state, nonce). */
  async authorizationRequest(): Promise<AuthorizationRequest> {
    const configuration = await this.configuration();
    const oidc = await oidcLibrary();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.config.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the code in `callbackQuery` (the callback's query string) and verifies the ID token:
   * signature against the provider's JWKS, issuer, audience, expiry, nonce, and the state.
   */
  async verifyCallback(
    callbackQuery: string,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedIdentity> {
    const configuration = await this.configuration();
    const currentUrl = new URL(`${this.redirectUri}${callbackQuery}`);
    const oidc = await oidcLibrary();
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims || !tokens.id_token) throw apiError('SIGN_IN_FAILED');
      // Many providers put the name and email only in UserInfo (OIDC Core 5.4: with an access
      // token, the ID token may carry just `sub`). Asked for the same `sub`; without it, the
      // name falls back to what the ID token has.
      let claims: Record<string, unknown> = idClaims;
      if (!hasProfile(idClaims) && configuration.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub).catch(() => null);
        if (info) claims = { ...info, ...pickPresent(idClaims) };
      }
      return {
        issuer: idClaims.iss,
        subject: idClaims.sub,
        name: displayName(claims),
        email: typeof claims.email === 'string' && claims.email !== '' ? claims.email.slice(0, 320) : null,
        idToken: tokens.id_token,
      };
    } catch (error) {
      throw classify(error);
    }
  }

  /**
   * Where to send the browser to end the provider's session too (RP-initiated logout), when the
   * provider offers it and is reachable; null otherwise (the local sign-out stands on its own).
   */
  async endSessionUrl(idToken: string | null): Promise<URL | null> {
    let configuration: Oidc.Configuration;
    try {
      configuration = await this.configuration();
    } catch {
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const oidc = await oidcLibrary();
    return oidc.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: `${this.config.publicUrl}/`,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }
}

const PROFILE_CLAIMS = ['name', 'given_name', 'family_name', 'preferred_username', 'email'] as const;

const hasProfile = (claims: Record<string, unknown>): boolean => PROFILE_CLAIMS.some((c) => typeof claims[c] === 'string');

/** The profile claims the ID token does carry (they win over UserInfo's). */
const pickPresent = (claims: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(PROFILE_CLAIMS.filter((c) => typeof claims[c] === 'string').map((c) => [c, claims[c]]));

/** The name others see: the provider's `name`, else what it has closest to one. Plain text, one line. */
function displayName(claims: Record<string, unknown>): string {
  // Control characters (a newline in a name) would only make trouble on the board and in the report.
  // eslint-disable-next-line no-control-regex
  const text = (value: unknown) => (typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() : '');
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const name = text(claims.name) || given || text(claims.preferred_username) || text(claims.email) || text(claims.sub);
  return name.slice(0, LIMITS.nameLength);
}

/** Network errors anywhere in the cause chain (fetch's TypeError, a refused connection, a timeout). */
function isUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
    if (/^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_)/.test(code)) return true;
  }
  return false;
}

/** Maps what openid-client threw to a catalogue error; the original is kept as `cause` for the log. */
function classify(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  let result: ApiError;
  if (isUnreachable(error)) result = apiError('SIGN_IN_PROVIDER_UNREACHABLE');
  else if (library && error instanceof library.ResponseBodyError && error.status >= 500) result = apiError('SIGN_IN_PROVIDER_UNREACHABLE');
  else result = apiError('SIGN_IN_FAILED');
  (result as Error).cause = error;
  return result;
}
