// Security headers plugin: what every answer tells the browser about itself.
//   Content-Security-Policy  scripts only from this origin (no inline script: the theme boot
//                            script is a file, client/public/theme-boot.js), no plugins, no
//                            <base>, connections only to this origin (the websocket included), and
//                            no site may frame the board (frame-ancestors 'none', X-Frame-Options).
//                            Styles allow 'unsafe-inline': React renders one <style> element (the
//                            chain highlight); a style cannot run code.
//   X-Content-Type-Options   nosniff: a file is what its type says.
//   Referrer-Policy          no-referrer: tokens travel in URLs (query and fragment); no link
//                            followed from a board tells the next site where it came from.
//   Cache-Control            no-store on every /api answer: they carry tokens (a new board's, a
//                            facilitator's share links) or a board's content read with one.
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

export interface SecurityPluginOptions {
  /** Origins a form may lead to besides this one: the sign-in provider, where Sign out's answer
   * redirects (browsers apply form-action to a form's redirects too). */
  formActionOrigins?: readonly string[];
}

export default fp<SecurityPluginOptions>(
  async function securityPlugin(app, { formActionOrigins = [] }) {
    const policy =
      formActionOrigins.length === 0
        ? CONTENT_SECURITY_POLICY
        : CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${formActionOrigins.join(' ')}`);
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
