// Tracker credentials at rest: AES-256-GCM under TRACKER_KEY (32 bytes, base64, from the
// environment). Each sealed value is version byte | 12-byte IV | 16-byte tag | ciphertext, with the
// tracker config's id as additional data, so a sealed secret copied onto another config row does
// not open. Without a key the server refuses to store credentials at all (TRACKER_KEY_MISSING):
// there is no "plain text for now" mode.
import crypto from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key could not be read from TRACKER_KEY (wrong length or not base64). */
export class TrackerKeyError extends Error {
  override readonly name = 'TrackerKeyError';
}

/** Reads TRACKER_KEY: 32 bytes, base64. Null when it is not set. */
export function parseTrackerKey(raw: string | undefined): Buffer | null {
  const text = raw?.trim();
  if (!text) return null;
  if (!/^[A-Za-z0-9+/]+=*$/.test(text)) throw new TrackerKeyError('TRACKER_KEY must be base64 (32 random bytes, e.g. `openssl rand -base64 32`).');
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new TrackerKeyError(`TRACKER_KEY must decode to 32 bytes; it decodes to ${key.length}.`);
  return key;
}

/** Encrypts `plain` for the config `configId`. */
export function seal(key: Buffer, configId: string, plain: string): Uint8Array {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(configId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Decrypts what `seal` made for `configId`; throws when the key, the id or the bytes differ. */
export function open(key: Buffer, configId: string, sealed: Uint8Array): string {
  const bytes = Buffer.from(sealed);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new Error('Not a sealed tracker secret.');
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(configId, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
