// Security headers plugin: what every answer tells the browser about itself.
//   Content-Security-Policy  scripts only from this origin, and the page's own two inline
//                            scripts by their SHA-256 (the theme's and the first screen's, put
//                            inline by the build: inlineScriptHashes), no eval, no plugins, no
//                            <base>, connections only to this origin (the websocket included), and
//                            no site may frame the board (frame-ancestors 'none', X-Frame-Options).
//                            Styles allow 'unsafe-inline': React renders one <style> element (the
//                            chain highlight); a style cannot run code.
//   X-Content-Type-Options   nosniff: a file is what its type says.
//   Referrer-Policy          no-referrer: tokens travel in URLs (query and fragment); no link
//                            followed from a board tells the next site where it came from.
//   Cache-Control            no-store on every /api answer: they carry tokens (a new board's, a
//                            facilitator's share links) or a board's content read with one.
import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The CSP sources ('sha256-...') of the inline scripts of the pages this server sends: each
 * `<script>` with no `src`, hashed as the browser hashes it (its text between the tags, UTF-8).
 * The build puts two small scripts inline in index.html (vite.config.ts, inlineBootScripts): one
 * fetch less before the first screen can be asked for. Nothing else inline runs.
 */
export function inlineScriptHashes(...pages: string[]): string[] {
  const hashes = new Set<string>();
  for (const html of pages) {
    for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (/\bsrc\s*=/i.test(attributes!)) continue;
      hashes.add(`'sha256-${createHash('sha256').update(body!, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes];
}

export interface SecurityPluginOptions {
  /** The inline scripts allowed to run, as CSP sources (inlineScriptHashes of the pages sent). */
  scriptHashes?: readonly string[];
  /** Origins a form may lead to besides this one: the sign-in provider, where Sign out's answer
   * redirects (browsers apply form-action to a form's redirects too). */
  formActionOrigins?: readonly string[];
}

export default fp<SecurityPluginOptions>(
  async function securityPlugin(app, { formActionOrigins = [], scriptHashes = [] }) {
    let policy = CONTENT_SECURITY_POLICY;
    if (formActionOrigins.length > 0) policy = policy.replace("form-action 'self'", `form-action 'self' ${formActionOrigins.join(' ')}`);
    if (scriptHashes.length > 0) policy = policy.replace("script-src 'self'", `script-src 'self' ${scriptHashes.join(' ')}`);
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('content-security-policy', policy);
      reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
      return payload;
    });
  },
  { name: 'debrief-security', fastify: '5.x' },
);
