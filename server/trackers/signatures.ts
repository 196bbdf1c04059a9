// Webhook signature checks, in constant time. Each tracker signs differently (docs/trackers.md):
// GitHub `X-Hub-Signature-256: sha256=<hex>` and Jira `X-Hub-Signature: sha256=<hex>` (HMAC-SHA256
// of the raw body), Linear `Linear-Signature: <hex>` (the same HMAC, no prefix), GitLab
// `X-Gitlab-Token: <secret>` (the secret itself).
import crypto from 'node:crypto';

/** Hex HMAC-SHA256 of `body` under `secret`. */
export function hmacHex(secret: string, body: Buffer | string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** Whether two strings are equal, in time that depends only on their lengths. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Whether `signature` is `prefix` + the hex HMAC of `body` under `secret`. An empty secret verifies nothing. */
export function verifyHmac(secret: string, body: Buffer, signature: string, prefix = ''): boolean {
  if (!secret || !signature) return false;
  return safeEqual(signature.trim().toLowerCase(), `${prefix}${hmacHex(secret, body)}`);
}
