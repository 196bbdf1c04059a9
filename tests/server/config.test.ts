// Configuration from the environment: defaults, overrides, and a clear error for a bad value.
import path from 'node:path';
import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

test('defaults: port 3000 on all interfaces, data under ./data, limits from the wire contract', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: path.resolve('data'), maxFrameBytes: 2 * 1024 * 1024 });
});

test('overrides are read and typed', () => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '127.0.0.1',
    DATA_DIR: '/var/lib/debrief',
    MAX_FRAME_BYTES: '1048576',
    MAX_MESSAGES_PER_SECOND: '50',
    MAX_QUEUED_BYTES: '65536',
    COMPACT_AFTER_UPDATES: '200',
    LOG_LEVEL: 'warn',
    SQLITE_SYNCHRONOUS: 'full',
  });
  expect(config).toMatchObject({
    port: 8080,
    host: '127.0.0.1',
    dataDir: '/var/lib/debrief',
    maxFrameBytes: 1048576,
    maxMessagesPerSecond: 50,
    maxQueuedBytes: 65536,
    compactAfterUpdates: 200,
    logLevel: 'warn',
    sqliteSynchronous: 'FULL',
  });
});

test.each([
  ['PORT', 'eighty', /PORT must be a whole number/],
  ['PORT', '70000', /PORT must be between 0 and 65535/],
  ['MAX_FRAME_BYTES', '-1', /MAX_FRAME_BYTES must be a whole number/],
  ['MAX_FRAME_BYTES', '10', /MAX_FRAME_BYTES must be between/],
  ['MAX_MESSAGES_PER_SECOND', '1.5', /whole number/],
  ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ['SQLITE_SYNCHRONOUS', 'OFF', /SQLITE_SYNCHRONOUS must be one of NORMAL, FULL/],
  ['HOST', ' localhost', /HOST has leading or trailing spaces/],
  ['TRUST_PROXY', 'true', /TRUST_PROXY: "true" is not an address/],
  ['TRUST_PROXY', '10.0.0.0/33', /TRUST_PROXY: "10.0.0.0\/33" is not an address/],
  ['TRUST_PROXY', '127.0.0.1,proxy.internal', /"proxy.internal" is not an address/],
  ['TRUST_PROXY', '11', /TRUST_PROXY must be between 1 and 10/],
])('%s=%s is refused with a message naming it', (name, value, message) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(message);
});

test('TRUST_PROXY: none by default; hops, addresses, ranges and keywords when set', () => {
  expect(loadConfig({}).trustProxy).toBeNull();
  expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback,::1,fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback', '::1', 'fd00::/8']);
});

test('DATABASE_URL and REDIS_URL: read when set, refused when malformed, and Redis needs the database', () => {
  expect(loadConfig({})).toMatchObject({ databaseUrl: null, redisUrl: null });
  const shared = loadConfig({ DATABASE_URL: 'postgres://debrief:secret@db:5432/debrief', REDIS_URL: 'redis://cache:6379', INSTANCE_HEARTBEAT_MS: '500' });
  expect(shared).toMatchObject({ databaseUrl: 'postgres://debrief:secret@db:5432/debrief', redisUrl: 'redis://cache:6379', instanceHeartbeatMs: 500 });
  expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL is set but DATABASE_URL is not/);
  expect(() => loadConfig({ DATABASE_URL: 'mysql://u:secret@db/x' })).toThrow(/DATABASE_URL must start with postgres:\/\//);
  // The message never repeats the URL: it may hold a password.
  expect(() => loadConfig({ DATABASE_URL: 'not a url secret' })).toThrow(ConfigError);
  expect(() => loadConfig({ DATABASE_URL: 'mysql://u:secret@db/x' })).not.toThrow(/secret/);
});

test('sign-in: off without OIDC_ISSUER; on with issuer, client and PUBLIC_URL; half a setup is refused', () => {
  expect(loadConfig({}).signIn).toBeNull();
  const on = loadConfig({
    OIDC_ISSUER: 'https://login.example.com/realms/eng',
    OIDC_CLIENT_ID: 'debrief',
    OIDC_CLIENT_SECRET: 's3cret',
    PUBLIC_URL: 'https://debrief.example.com/',
    CREATE_REQUIRES_SIGN_IN: 'true',
  });
  expect(on.signIn).toEqual({
    issuer: 'https://login.example.com/realms/eng',
    clientId: 'debrief',
    clientSecret: 's3cret',
    publicUrl: 'https://debrief.example.com',
    scopes: 'openid profile email',
    createRequiresSignIn: true,
    sessionMs: 12 * 3_600_000,
  });
  const base = { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'debrief', PUBLIC_URL: 'https://debrief.example.com' };
  expect(loadConfig({ ...base, OIDC_SCOPES: 'profile groups' }).signIn).toMatchObject({ scopes: 'openid profile groups', clientSecret: null });
  expect(() => loadConfig({ OIDC_CLIENT_ID: 'debrief' })).toThrow(/OIDC_CLIENT_ID is set but OIDC_ISSUER is not/);
  expect(() => loadConfig({ CREATE_REQUIRES_SIGN_IN: 'true' })).toThrow(/CREATE_REQUIRES_SIGN_IN needs sign-in/);
  expect(() => loadConfig({ ...base, OIDC_CLIENT_ID: '' })).toThrow(/OIDC_CLIENT_ID is not/);
  expect(() => loadConfig({ ...base, PUBLIC_URL: '' })).toThrow(/PUBLIC_URL is not/);
  expect(() => loadConfig({ ...base, OIDC_ISSUER: 'http://login.example.com' })).toThrow(/must be an https:\/\/ address/);
  expect(loadConfig({ ...base, OIDC_ISSUER: 'http://localhost:8080' }).signIn?.issuer).toBe('http://localhost:8080');
  expect(() => loadConfig({ ...base, CREATE_REQUIRES_SIGN_IN: 'yes' })).toThrow(/CREATE_REQUIRES_SIGN_IN must be one of true, false/);
});

test('WORKSPACE_ADMIN_KEY and WORKSPACE_ADMINS: none by default; a short key, a bad address or admins without sign-in are refused', () => {
  expect(loadConfig({})).toMatchObject({ workspaceAdminKey: null, workspaceAdmins: [] });
  const key = 'k'.repeat(32);
  expect(loadConfig({ WORKSPACE_ADMIN_KEY: ` ${key} ` }).workspaceAdminKey).toBe(key);
  expect(() => loadConfig({ WORKSPACE_ADMIN_KEY: 'short' })).toThrow(/WORKSPACE_ADMIN_KEY must be 32 to 200 characters/);
  const signIn = { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'debrief', PUBLIC_URL: 'https://debrief.example.com' };
  expect(loadConfig({ ...signIn, WORKSPACE_ADMINS: 'Robin@Example.com, sam@example.com' }).workspaceAdmins).toEqual(['robin@example.com', 'sam@example.com']);
  expect(() => loadConfig({ ...signIn, WORKSPACE_ADMINS: 'robin' })).toThrow(/"robin" is not an e-mail address/);
  expect(() => loadConfig({ WORKSPACE_ADMINS: 'robin@example.com' })).toThrow(/needs sign-in/);
});
