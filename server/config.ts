// Server configuration, read once from the environment into a typed, validated object.
// Every variable is documented in docs/protocol.md; a bad value stops the server with a message
// naming the variable, rather than running with a surprising default.
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../shared/protocol';
import { DEFAULT_DUE_DAYS, SEVERITIES, type DueDays } from '../shared/library';
import { parseTrackerKey } from './trackers/secrets';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** SQLite `synchronous` pragma; see storage/sqlite.ts for why NORMAL is the default. */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

export interface ServerConfig {
  port: number;
  host: string;
  /** Directory holding the SQLite database (created if missing). */
  dataDir: string;
  /** Directory of the built client (`vite build` output); absent is fine. */
  clientDir: string;
  /** Where the board's first-screen renderer is built (dist/render; docs/first-screen.md). Without
   * it the server answers no first screen, and boards open when the app has loaded. */
  renderDir: string;
  logLevel: LogLevel;
  sqliteSynchronous: SqliteSynchronous;
  /** Largest websocket frame accepted, in bytes. */
  maxFrameBytes: number;
  /** Sustained messages per second per connection (token bucket, burst = 2x). */
  maxMessagesPerSecond: number;
  /** Bytes queued to one client before it is dropped as a slow consumer. */
  maxQueuedBytes: number;
  /** Sustained awareness messages per second per connection (burst = 2x). */
  maxAwarenessPerSecond: number;
  /** Bytes of sync answers per second per connection (burst = 2x maxBoardBytes). */
  maxSyncBytesPerSecond: number;
  /** Largest awareness state of one client (JSON bytes); larger ones are dropped. */
  maxAwarenessStateBytes: number;
  /** Largest document a client's change may make (bytes of its encoded state). */
  /**
   * Reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY): a hop count, or addresses and
   * CIDR ranges (or proxy-addr's `loopback`, `linklocal`, `uniquelocal`). null: none; the address a
   * limit counts is the socket's.
   */
  trustProxy: number | string[] | null;
  maxBoardBytes: number;
  /** Boards one address may create per minute (429 past it). */
  maxBoardCreationsPerMinute: number;
  /** Open websockets from one address (the upgrade answers 429 past it). */
  maxConnectionsPerAddress: number;
  /** Documents loaded at once on this server (a connection needing another answers 503). */
  maxRooms: number;
  /** Bytes queued for all clients together; past it the largest queues are dropped (retryable). */
  maxTotalQueuedBytes: number;
  /** Port of the Prometheus `/metrics` endpoint (null: no metrics). */
  metricsPort: number | null;
  /** Interface the metrics endpoint listens on. */
  metricsHost: string;
  /** A document's update log is folded into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  /** Largest HTTP request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Largest board export accepted by an import (POST /api/workspace/import), in bytes. */
  maxImportBytes: number;
  /** PostgreSQL connection URL; when set, boards are stored there instead of SQLite. */
  databaseUrl: string | null;
  /** Redis URL; when set, instances on the same database share live updates and presence. */
  redisUrl: string | null;
  /** How often this instance tells the others it is alive; after 3 silent intervals they drop its clients' presence. */
  instanceHeartbeatMs: number;
  /** How often rooms are compared with the stored log, in case an announcement was lost. */
  catchUpIntervalMs: number;
  /** OpenID Connect sign-in (OIDC_ISSUER and friends), or null: everyone is a guest. */
  signIn: SignInConfig | null;
  /** The workspace's name, shown on the library home (docs/library.md). */
  workspaceName: string;
  /** Quiet time after a board changes before the library's index reads it again, in ms. */
  libraryIndexDelayMs: number;
  /** Days from the incident to an action item's default due date, by severity. */
  followUpDueDays: DueDays;
  /** TRACKER_KEY: 32 bytes sealing tracker credentials at rest, or null: none can be stored. */
  trackerKey: Buffer | null;
  /** How often failed sends, stale claims and sent issues' states are checked (ms; 0: never). */
  trackerCheckIntervalMs: number;
  /** WORKSPACE_ADMIN_KEY: who presents it (Authorization: Bearer) administers the workspace; null: no key. */
  workspaceAdminKey: string | null;
  /** WORKSPACE_ADMINS: e-mail addresses (lower case) of signed-in people who administer the workspace. */
  workspaceAdmins: string[];
}

/** Sign-in through an OpenID Connect provider (docs/sign-in.md). */
export interface SignInConfig {
  /** The provider's issuer URL; its discovery document is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Null: a public client, authenticated by PKCE alone. */
  clientSecret: string | null;
  /** Where people reach Debrief (no trailing slash); the redirect URI is `<publicUrl>/auth/callback`. */
  publicUrl: string;
  /** Scopes asked for; always includes `openid`. */
  scopes: string;
  /** Whether creating a board needs a signed-in person (joining by link never does). */
  createRequiresSignIn: boolean;
  /** How long a sign-in lasts, in ms. */
  sessionMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Defaults: what `npm start` on a fresh clone uses. */
export const DEFAULT_CONFIG: ServerConfig = {
  port: 3000,
  host: '0.0.0.0',
  dataDir: path.resolve('data'),
  clientDir: path.resolve('dist/client'),
  renderDir: path.resolve('dist/render'),
  logLevel: 'info',
  sqliteSynchronous: 'NORMAL',
  maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes,
  maxMessagesPerSecond: DEFAULT_LIMITS.maxMessagesPerSecond,
  maxQueuedBytes: DEFAULT_LIMITS.maxQueuedBytes,
  maxAwarenessPerSecond: DEFAULT_LIMITS.maxAwarenessPerSecond,
  maxSyncBytesPerSecond: DEFAULT_LIMITS.maxSyncBytesPerSecond,
  maxAwarenessStateBytes: DEFAULT_LIMITS.maxAwarenessStateBytes,
  maxBoardBytes: DEFAULT_LIMITS.maxBoardBytes,
  // A company's people often share one address (NAT, proxy): generous per address, and still far
  // below what would fill a disk or exhaust file descriptors.
  maxBoardCreationsPerMinute: 60,
  maxConnectionsPerAddress: 1_000,
  trustProxy: null,
  maxRooms: 10_000,
  maxTotalQueuedBytes: 512 * 1024 * 1024,
  metricsPort: null,
  metricsHost: '127.0.0.1',
  compactAfterUpdates: 1000,
  maxBodyBytes: 64 * 1024,
  maxImportBytes: 32 * 1024 * 1024,
  databaseUrl: null,
  redisUrl: null,
  instanceHeartbeatMs: 2_000,
  catchUpIntervalMs: 5_000,
  signIn: null,
  workspaceName: 'Incident reviews',
  libraryIndexDelayMs: 1_000,
  followUpDueDays: DEFAULT_DUE_DAYS,
  trackerKey: null,
  workspaceAdminKey: null,
  workspaceAdmins: [],
  trackerCheckIntervalMs: 5 * 60_000,
};

/** Reads the configuration from environment variables; throws ConfigError on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const d = DEFAULT_CONFIG;
  return {
    port: integer(env, 'PORT', d.port, 0, 65535),
    host: text(env, 'HOST', d.host),
    dataDir: path.resolve(text(env, 'DATA_DIR', d.dataDir)),
    clientDir: path.resolve(text(env, 'CLIENT_DIR', d.clientDir)),
    renderDir: path.resolve(text(env, 'RENDER_DIR', d.renderDir)),
    logLevel: oneOf(env, 'LOG_LEVEL', d.logLevel, LOG_LEVELS),
    sqliteSynchronous: oneOf(env, 'SQLITE_SYNCHRONOUS', d.sqliteSynchronous, ['NORMAL', 'FULL'] as const),
    // Below 1 KiB even a fresh client's first sync would not fit.
    maxFrameBytes: integer(env, 'MAX_FRAME_BYTES', d.maxFrameBytes, 1024, 512 * 1024 * 1024),
    trustProxy: trustProxy(env),
    maxMessagesPerSecond: integer(env, 'MAX_MESSAGES_PER_SECOND', d.maxMessagesPerSecond, 1, 1_000_000),
    maxQueuedBytes: integer(env, 'MAX_QUEUED_BYTES', d.maxQueuedBytes, 1024, 4 * 1024 * 1024 * 1024),
    maxAwarenessPerSecond: integer(env, 'MAX_AWARENESS_PER_SECOND', d.maxAwarenessPerSecond, 1, 1_000_000),
    maxSyncBytesPerSecond: integer(env, 'MAX_SYNC_BYTES_PER_SECOND', d.maxSyncBytesPerSecond, 64 * 1024, 4 * 1024 * 1024 * 1024),
    maxAwarenessStateBytes: integer(env, 'MAX_AWARENESS_STATE_BYTES', d.maxAwarenessStateBytes, 256, 16 * 1024 * 1024),
    maxBoardBytes: integer(env, 'MAX_BOARD_BYTES', d.maxBoardBytes, 64 * 1024, 4 * 1024 * 1024 * 1024),
    maxBoardCreationsPerMinute: integer(env, 'MAX_BOARD_CREATIONS_PER_MINUTE', d.maxBoardCreationsPerMinute, 1, 1_000_000_000),
    maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', d.maxConnectionsPerAddress, 1, 10_000_000),
    maxRooms: integer(env, 'MAX_ROOMS', d.maxRooms, 2, 10_000_000),
    maxTotalQueuedBytes: integer(env, 'MAX_TOTAL_QUEUED_BYTES', d.maxTotalQueuedBytes, 1024 * 1024, 1024 * 1024 * 1024 * 1024),
    metricsPort: optionalInteger(env, 'METRICS_PORT', 0, 65535),
    metricsHost: text(env, 'METRICS_HOST', d.metricsHost),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', d.compactAfterUpdates, 2, 10_000_000),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', d.maxBodyBytes, 1024, 64 * 1024 * 1024),
    maxImportBytes: integer(env, 'MAX_IMPORT_BYTES', d.maxImportBytes, 64 * 1024, 1024 * 1024 * 1024),
    ...sharing(env),
    signIn: signIn(env),
    workspaceName: text(env, 'WORKSPACE_NAME', d.workspaceName).slice(0, 80),
    libraryIndexDelayMs: integer(env, 'LIBRARY_INDEX_DELAY_MS', d.libraryIndexDelayMs, 0, 60_000),
    followUpDueDays: dueDays(env),
    trackerKey: trackerKey(env),
    trackerCheckIntervalMs: integer(env, 'TRACKER_CHECK_INTERVAL_MS', d.trackerCheckIntervalMs, 0, 24 * 3600_000),
    ...workspaceAdmins(env),
  };
}

/**
 * WORKSPACE_ADMIN_KEY (a secret of at least 32 characters) and WORKSPACE_ADMINS (comma-separated
 * e-mail addresses, which need sign-in): who administers the workspace (docs/library.md).
 */
function workspaceAdmins(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'workspaceAdminKey' | 'workspaceAdmins'> {
  const key = env.WORKSPACE_ADMIN_KEY?.trim() || null;
  if (key !== null && (key.length < 32 || key.length > 200 || /\s/.test(key))) {
    throw new ConfigError('WORKSPACE_ADMIN_KEY must be 32 to 200 characters without spaces (openssl rand -base64 32 makes one).');
  }
  const admins = (env.WORKSPACE_ADMINS ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== '');
  for (const email of admins) {
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new ConfigError(`WORKSPACE_ADMINS: ${JSON.stringify(email)} is not an e-mail address.`);
  }
  if (admins.length > 0 && !env.OIDC_ISSUER?.trim()) {
    throw new ConfigError('WORKSPACE_ADMINS names signed-in people: it needs sign-in (OIDC_ISSUER and friends). Without sign-in, set WORKSPACE_ADMIN_KEY.');
  }
  return { workspaceAdminKey: key, workspaceAdmins: admins };
}

/** TRACKER_KEY: base64 of 32 bytes (server/trackers/secrets.ts). */
function trackerKey(env: NodeJS.ProcessEnv): Buffer | null {
  try {
    return parseTrackerKey(env.TRACKER_KEY);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** FOLLOW_UP_DUE_DAYS: `SEV1=28,SEV2=28,SEV3=56,SEV4=56,none=56`; severities left out keep their default. */
function dueDays(env: NodeJS.ProcessEnv): DueDays {
  const raw = env.FOLLOW_UP_DUE_DAYS?.trim() ?? '';
  const days: DueDays = { ...DEFAULT_DUE_DAYS };
  if (raw === '') return days;
  const keys = [...SEVERITIES, 'none'] as const;
  for (const part of raw.split(',')) {
    const m = /^\s*([A-Za-z0-9]+)\s*=\s*(\d{1,4})\s*$/.exec(part);
    const key = m ? keys.find((k) => k.toLowerCase() === m[1]!.toLowerCase()) : undefined;
    if (!m || key === undefined) {
      throw new ConfigError(`FOLLOW_UP_DUE_DAYS must look like SEV1=28,SEV2=28,SEV3=56,SEV4=56,none=56, got ${JSON.stringify(raw)}`);
    }
    const value = Number(m[2]);
    if (value < 1 || value > 3650) throw new ConfigError(`FOLLOW_UP_DUE_DAYS: ${key} must be between 1 and 3650 days, got ${value}`);
    days[key] = value;
  }
  return days;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * OIDC_* and PUBLIC_URL: all or nothing. An issuer must be https (plain http only on this machine,
 * for development and tests): the ID token's issuer is trusted because TLS says who answered.
 */
function signIn(env: NodeJS.ProcessEnv): SignInConfig | null {
  const issuer = url(env, 'OIDC_ISSUER', ['https:', 'http:']);
  const clientId = env.OIDC_CLIENT_ID?.trim() || null;
  const requireRaw = env.CREATE_REQUIRES_SIGN_IN?.trim() ?? '';
  if (issuer === null) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_SCOPES']) {
      if (env[name]?.trim()) throw new ConfigError(`${name} is set but OIDC_ISSUER is not: set OIDC_ISSUER to turn sign-in on.`);
    }
    if (requireRaw !== '' && requireRaw.toLowerCase() !== 'false') {
      throw new ConfigError('CREATE_REQUIRES_SIGN_IN needs sign-in: set OIDC_ISSUER, OIDC_CLIENT_ID and PUBLIC_URL too.');
    }
    return null;
  }
  if (new URL(issuer).protocol === 'http:' && !LOOPBACK_HOSTS.has(new URL(issuer).hostname)) {
    throw new ConfigError('OIDC_ISSUER must be an https:// address (http:// is accepted only for localhost).');
  }
  if (clientId === null) throw new ConfigError('OIDC_ISSUER is set but OIDC_CLIENT_ID is not: register Debrief with the provider and set its client id.');
  const publicUrl = url(env, 'PUBLIC_URL', ['https:', 'http:']);
  if (publicUrl === null) {
    throw new ConfigError('OIDC_ISSUER is set but PUBLIC_URL is not: set the address people open Debrief at, such as https://debrief.example.com.');
  }
  const parsedPublic = new URL(publicUrl);
  if (parsedPublic.search !== '' || parsedPublic.hash !== '') throw new ConfigError('PUBLIC_URL must not have a query or fragment.');
  const scopes = (env.OIDC_SCOPES?.trim() || 'openid profile email').split(/\s+/);
  if (!scopes.includes('openid')) scopes.unshift('openid');
  return {
    issuer,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET?.trim() || null,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    scopes: scopes.join(' '),
    createRequiresSignIn: oneOf(env, 'CREATE_REQUIRES_SIGN_IN', 'false', ['true', 'false'] as const) === 'true',
    sessionMs: integer(env, 'SESSION_HOURS', 12, 1, 24 * 90) * 3_600_000,
  };
}

/** DATABASE_URL and REDIS_URL (server/cluster/): several instances need one store between them. */
function sharing(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'databaseUrl' | 'redisUrl' | 'instanceHeartbeatMs' | 'catchUpIntervalMs'> {
  const d = DEFAULT_CONFIG;
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  if (redisUrl !== null && databaseUrl === null) {
    throw new ConfigError('REDIS_URL is set but DATABASE_URL is not: instances that share updates must share one PostgreSQL store.');
  }
  return {
    databaseUrl,
    redisUrl,
    instanceHeartbeatMs: integer(env, 'INSTANCE_HEARTBEAT_MS', d.instanceHeartbeatMs, 50, 60_000),
    catchUpIntervalMs: integer(env, 'CATCH_UP_INTERVAL_MS', d.catchUpIntervalMs, 100, 3_600_000),
  };
}

/** A URL with one of the given schemes. The message never repeats it: it may hold a password. */
function url(env: NodeJS.ProcessEnv, name: string, schemes: readonly string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${name} is not a URL (expected ${schemes.map((s) => `${s}//...`).join(' or ')}).`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${schemes.map((s) => `${s}//`).join(' or ')}, got ${parsed.protocol}//...`);
  }
  return raw.trim();
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: `1`-`10` hops, or a comma-separated list of addresses, CIDR ranges and keywords. */
function trustProxy(env: NodeJS.ProcessEnv): number | string[] | null {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = raw.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (PROXY_KEYWORDS.has(entry) || (family !== 0 && prefixOk && rest.length === 0)) continue;
    throw new ConfigError(
      `TRUST_PROXY: ${JSON.stringify(entry)} is not an address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal; or give a number of hops (1-10).`,
    );
  }
  return entries;
}

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw.trim() !== raw) throw new ConfigError(`${name} has leading or trailing spaces: ${JSON.stringify(raw)}`);
  return raw;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function optionalInteger(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  return integer(env, name, min, min, max);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = allowed.find((a) => a.toLowerCase() === raw.trim().toLowerCase());
  if (match === undefined) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  return match;
}
