// A real OpenID Provider for tests: oidc-provider 8 (a certified implementation; 9 wants Node 22)
// on 127.0.0.1 and a free port, with one confidential test client and test users, and its
// development interactions (a login form that takes any password, a consent page with Cancel).
// Also a small cookie-jar HTTP client that walks the code flow the way a browser does.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import Provider from 'oidc-provider';

export interface TestUser {
  name: string;
  email: string;
}

/** Test users by login; the login is also their `sub`. */
export const TEST_USERS: Record<string, TestUser> = {
  robin: { name: 'Robin Quill', email: 'robin@example.com' },
  sam: { name: 'Sam Rivera', email: 'sam@example.com' },
};

export const TEST_CLIENT = { id: 'debrief-test', secret: 'debrief-test-secret' } as const;

export interface TestProvider {
  issuer: string;
  port: number;
  /** Stops listening and closes its connections. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts the provider for a Debrief served at `debriefUrl` (redirect URI `<debriefUrl>/auth/callback`,
 * signs out back to `<debriefUrl>/`), on `port` (default: any free one).
 */
export async function startOidcProvider(debriefUrl: string, port = 0): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as net.AddressInfo).port;
  const issuer = `http://127.0.0.1:${actualPort}`;
  // Its development-only notices (in-memory adapter, dev interactions) are what a test wants; quiet.
  const warn = console.warn;
  console.warn = () => undefined;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [`${debriefUrl}/auth/callback`],
        post_logout_redirect_uris: [`${debriefUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const user = TEST_USERS[id];
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: user.name, email: user.email, email_verified: true }) };
    },
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true, methods: ['S256'] },
    cookies: { keys: ['debrief-test-cookie-key'] },
    // A fresh signing key per provider (not the package's development key).
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig' }] as never },
  });
  console.warn = warn;
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));
  server.on('request', provider.callback());
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    issuer,
    port: actualPort,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** One answer the client saw: status, headers and body (bodies of redirects are skipped). */
export interface Visit {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

export interface GoOptions {
  method?: string;
  /** Sent url-encoded (and the method defaults to POST). */
  form?: Record<string, string>;
  /** Do not follow a redirect to a URL this accepts (the last visit's location names it). */
  stopBefore?: (url: URL) => boolean;
}

/**
 * An HTTP client with a cookie jar, as a browser keeps one: per host (not per port), by path.
 * `go` follows redirects and returns every answer on the way, the last one being the page.
 */
export class CookieClient {
  private readonly jar = new Map<string, StoredCookie[]>();

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.find((c) => c.name === name)?.value;
  }

  setCookie(host: string, name: string, value: string): void {
    this.store(host, `${name}=${value}; Path=/`);
  }

  /** Requests `url` (GET unless `init` says otherwise) and follows redirects like a browser. */
  async go(url: string, init: GoOptions = {}): Promise<Visit[]> {
    const visits: Visit[] = [];
    let current = new URL(url);
    let method = init.method ?? (init.form ? 'POST' : 'GET');
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      const headers = new Headers();
      const cookies = this.cookiesFor(current);
      if (cookies) headers.set('cookie', cookies);
      if (body !== undefined || method === 'POST') headers.set('content-type', 'application/x-www-form-urlencoded');
      const res = await fetch(current, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
      for (const line of res.headers.getSetCookie()) this.store(current.hostname, line, current.pathname);
      const location = res.headers.get('location');
      const isRedirect = res.status >= 300 && res.status < 400 && location !== null;
      visits.push({ url: current.href, status: res.status, headers: res.headers, body: isRedirect ? '' : await res.text() });
      if (!isRedirect) return visits;
      current = new URL(location, current);
      if (init.stopBefore?.(current)) return visits;
      // 303 (and 302 after a POST, as browsers do) continue as GET without a body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
    }
    throw new Error(`more than 20 redirects from ${url}: ${visits.map((v) => v.url).join(' -> ')}`);
  }

  /** Submits the form of `page` whose tag matches `formTag` (first form if omitted), with `values` added. */
  async submit(page: Visit, values: Record<string, string> = {}, formTag?: RegExp, options: Pick<GoOptions, 'stopBefore'> = {}): Promise<Visit[]> {
    const forms = [...page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
    const form = formTag ? forms.find((f) => formTag.test(f[1]!)) : forms[0];
    if (!form) throw new Error(`no such form on ${page.url}: ${page.body.slice(0, 500)}`);
    const action = /action="([^"]*)"/.exec(form[1]!)?.[1] ?? page.url;
    const fields: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input\b([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
      const value = /value="([^"]*)"/.exec(input[1]!)?.[1];
      if (name && value !== undefined) fields[name] = value;
    }
    return this.go(new URL(action.replace(/&amp;/g, '&'), page.url).href, { method: 'POST', form: { ...fields, ...values }, ...options });
  }

  private cookiesFor(url: URL): string {
    return (this.jar.get(url.hostname) ?? [])
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(host: string, line: string, requestPath = '/'): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    let path = requestPath.slice(0, requestPath.lastIndexOf('/') + 1) || '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key, v = ''] = attribute.split('=').map((s) => s.trim());
      if (key!.toLowerCase() === 'path') path = v;
      if (key!.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (key!.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
    }
    const list = (this.jar.get(host) ?? []).filter((c) => !(c.name === name && c.path === path));
    if (!expired) list.push({ name, value, path });
    this.jar.set(host, list);
  }
}
