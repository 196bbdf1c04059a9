// Logger options for Fastify's pino: structured JSON, and no token ever written. Fastify logs each
// request's URL, and websocket clients put their token in the query string, so the request
// serializer redacts it; the Authorization header is redacted too, should anything log headers.
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { redactUrl } from './auth';
import type { ServerConfig } from './config';

/** Where log lines go instead of stdout (tests collect them). */
export interface LogSink {
  write(line: string): void;
}

/** Options for Fastify's `logger`, or false for none. */
export function loggerOptions(
  config: Pick<ServerConfig, 'logLevel'>,
  stream?: LogSink,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> | false {
  if (config.logLevel === 'silent' && !stream) return false;
  return {
    level: config.logLevel,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'token',
        '*.token',
        // Tracker secrets (server/trackers/): never logged, should a body or settings object be.
        'credentials',
        '*.credentials',
        'webhookSecret',
        '*.webhookSecret',
        'req.headers["private-token"]',
        'headers["private-token"]',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          remoteAddress: request.ip,
        };
      },
    },
  };
}
