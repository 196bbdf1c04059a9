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
])('%s=%s is refused with a message naming it', (name, value, message) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(message);
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
