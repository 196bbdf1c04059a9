// What the HTTP plugins share: JSON bodies only (with the body limit), the error body's schema, the
// board route's parameters, and finding the board and role a request's token opens.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, tokenOf, type BoardAccess, type SignedInSubject } from './auth';
import { externalSubject } from './plugins/sign-in';

export const errorSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

export const boardParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;

export const tokenQuery = {
  type: 'object',
  properties: { token: { type: 'string' } },
} as const;

export interface BoardRoute {
  Params: { id: string };
  Querystring: { token?: string };
}

/**
 * Makes an (encapsulated) plugin speak JSON only: any other body is 415 with a message saying so,
 * a body over `maxBodyBytes` is 413, and an empty body with a JSON content type reads as null.
 */
export function acceptJsonBodies(app: FastifyInstance, maxBodyBytes: number): void {
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: maxBodyBytes }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) done(null, null);
    else parseJson(request, body as string, done);
  });
}

/** The board a request names, the role its token opens and the person it is (404/401 catalogue errors otherwise). */
export function boardAccess(app: FastifyInstance, request: FastifyRequest<{ Params: { id: string } }>): Promise<BoardAccess> {
  return authorize(app.storage, request.params.id, tokenOf(request), signedInSubject(app, request));
}

/** The request's signed-in subject, asked of the sign-in plugin (its session cookie) when needed. */
export function signedInSubject(app: FastifyInstance, request: FastifyRequest): SignedInSubject {
  return async () => {
    const identity = await app.signIn.identity(request);
    return identity ? externalSubject(identity) : null;
  };
}
