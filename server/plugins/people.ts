// People plugin: who is on a board, and the links that let people in (docs/protocol.md, "People").
//   POST  /api/boards/:id/people               join with the facilitator or participant link: a
//                                              person and their personal token (201), or the
//                                              person this browser (or this sign-in) already is (200)
//   GET   /api/boards/:id/people               the board's people, who is connected (facilitator)
//   PATCH /api/boards/:id/people/:personId     a role (facilitator), or one's own name
//   POST  /api/boards/:id/invite-links/:role   replace a link (facilitator): its holders are closed
//                                              with CloseCode.linkRevoked
//   PATCH /api/boards/:id/invite-links         whether participants get the participant link
// Whoever's role or name changes has their connections closed with CloseCode.identityChanged, on
// every instance: they reconnect as who they are now (a connection's role never changes).
import fp from 'fastify-plugin';
import { isPersonId } from '../../shared/ids';
import {
  CloseCode,
  MAX_PERSON_NAME_LENGTH,
  parsePersonalToken,
  personalToken,
  ROLES,
  SIGNED_IN_SECRET,
  type InviteSettingsRequest,
  type JoinBoardRequest,
  type JoinBoardResponse,
  type PeopleResponse,
  type PersonSummary,
  type ReissueLinkResponse,
  type Role,
  type UpdatePersonRequest,
} from '../../shared/protocol';
import { authorize, credentialKey, hashToken, newToken, revokedMessage } from '../auth';
import type { ServerConfig } from '../config';
import { apiError } from '../errors';
import { acceptJsonBodies, boardAccess, boardParams, errorSchema, tokenQuery } from '../http';
import { cleanPersonName, createPerson, personForSubject, personSummary } from '../people';
import { boardSession, boardSessionSchema } from '../session';
import { externalSubject } from './sign-in';

export interface PeoplePluginOptions {
  config: ServerConfig;
}

const NAME_PATTERN = '^[^\\u0000-\\u001f\\u007f]*$';

const joinBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: MAX_PERSON_NAME_LENGTH, pattern: NAME_PATTERN },
    person: { type: 'string', maxLength: 256 },
  },
} as const;

const updatePersonBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    role: { type: 'string', enum: ROLES },
    name: { type: 'string', minLength: 1, maxLength: MAX_PERSON_NAME_LENGTH, pattern: NAME_PATTERN },
  },
} as const;

const inviteSettingsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['participantsMayShare'],
  properties: { participantsMayShare: { type: 'boolean' } },
} as const;

const personSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
} as const;

/** How much a role may do: joining with a stronger link raises a person to it, never lowers. */
const rank = (role: Role): number => ROLES.length - ROLES.indexOf(role);

interface PersonRoute {
  Params: { id: string; personId: string };
  Querystring: { token?: string };
}

export default fp<PeoplePluginOptions>(
  async function peoplePlugin(app, { config }) {
    acceptJsonBodies(app, config.maxBodyBytes);

    app.post<{ Params: { id: string }; Querystring: { token?: string }; Body: JoinBoardRequest }>(
      '/api/boards/:id/people',
      {
        bodyLimit: config.maxBodyBytes,
        schema: {
          params: boardParams,
          querystring: tokenQuery,
          body: joinBody,
          response: {
            '2xx': { type: 'object', properties: { person: personSchema, token: { type: 'string' }, session: boardSessionSchema } },
            '4xx': errorSchema,
          },
        },
      },
      async (request, reply): Promise<JoinBoardResponse> => {
        const { board, role, credential } = await boardAccess(app, request);
        if (credential.kind === 'person') throw apiError('JOIN_NEEDS_LINK', 'You are on this board already: your personal link opens it.');
        if (role === 'viewer') throw apiError('JOIN_NEEDS_LINK');
        const name = cleanPersonName(request.body.name);
        if (!name) throw apiError('INVALID_REQUEST', 'name must not be blank.');

        // Signed in (docs/sign-in.md): the person is the one their sign-in is on this board, on every
        // device, made at their first join there with their signed-in name.
        const identity = await app.signIn.identity(request);
        if (identity) {
          const found = await personForSubject(app.storage, board.id, { name: identity.name, role, externalSubject: externalSubject(identity) });
          if (!found) throw apiError('BOARD_NOT_FOUND');
          if (found.token !== null) {
            request.log.info({ boardId: board.id, person: found.person.id, role, signedIn: true }, 'person joined');
            void reply.code(201);
            return { person: personSummary(found.person), token: found.token, session: await boardSession(app, board, found.person.role, found.person) };
          }
          // Known already: only the hash of their secret is kept, so this device gets a token that
          // their sign-in vouches for instead (SIGNED_IN_SECRET); raised to the link's role if stronger.
          let person = found.person;
          const raise = rank(role) > rank(person.role);
          if (raise) {
            person = (await app.storage.updatePerson(board.id, person.id, { role })) ?? person;
            app.rooms.closeConnections(board.id, `person:${person.id}`, CloseCode.identityChanged, 'identity changed');
          }
          request.log.info({ boardId: board.id, person: person.id, raised: raise, signedIn: true }, 'person joined again');
          void reply.code(200);
          // A browser that holds their real personal token keeps it (it works signed out too).
          const own = request.body.person ? await authorize(app.storage, board.id, request.body.person).catch(() => null) : null;
          return {
            person: personSummary(person),
            token: own?.person?.id === person.id ? request.body.person! : personalToken(person.id, SIGNED_IN_SECRET),
            session: await boardSession(app, board, person.role, person),
          };
        }

        // The person this browser already is: kept, and raised to the link's role if it is stronger.
        // A signed-in person's token without their sign-in is refused, not quietly replaced by a new
        // person: the page asks them to sign in again.
        const claimed = request.body.person ? parsePersonalToken(request.body.person) : null;
        if (claimed?.secret === SIGNED_IN_SECRET) throw apiError('PERSON_NOT_SIGNED_IN');
        const saved = request.body.person ? await authorize(app.storage, board.id, request.body.person).catch(() => null) : null;
        if (saved?.person) {
          const raise = rank(role) > rank(saved.person.role);
          const changes = { ...(raise ? { role } : {}), ...(name !== saved.person.name ? { name } : {}) };
          let person = saved.person;
          if (Object.keys(changes).length > 0) {
            person = (await app.storage.updatePerson(board.id, person.id, changes)) ?? person;
            app.rooms.closeConnections(board.id, credentialKey(saved.credential), CloseCode.identityChanged, 'identity changed');
          }
          request.log.info({ boardId: board.id, person: person.id, raised: raise }, 'person joined again');
          void reply.code(200);
          return { person: personSummary(person), token: request.body.person!, session: await boardSession(app, board, person.role, person) };
        }

        const issued = await createPerson(app.storage, board.id, { name, role });
        if (!issued) throw apiError('BOARD_NOT_FOUND');
        request.log.info({ boardId: board.id, person: issued.person.id, role }, 'person joined');
        void reply.code(201);
        return { person: personSummary(issued.person), token: issued.token, session: await boardSession(app, board, issued.person.role, issued.person) };
      },
    );

    app.get<{ Params: { id: string }; Querystring: { token?: string } }>(
      '/api/boards/:id/people',
      { schema: { params: boardParams, querystring: tokenQuery } },
      async (request): Promise<PeopleResponse> => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only a facilitator can see the list of people.');
        const online = app.rooms.connectedPeople(board.id);
        const people = await app.storage.listPeople(board.id);
        return { people: people.map((p) => ({ ...personSummary(p), online: online.has(p.id) })) };
      },
    );

    app.patch<PersonRoute & { Body: UpdatePersonRequest }>(
      '/api/boards/:id/people/:personId',
      {
        bodyLimit: config.maxBodyBytes,
        schema: {
          params: { type: 'object', properties: { id: { type: 'string' }, personId: { type: 'string' } }, required: ['id', 'personId'] },
          querystring: tokenQuery,
          body: updatePersonBody,
          response: { 200: personSchema, '4xx': errorSchema },
        },
      },
      async (request): Promise<PersonSummary> => {
        const { board, role, person: self } = await boardAccess(app, request);
        const { personId } = request.params;
        if (!isPersonId(personId)) throw apiError('PERSON_NOT_FOUND');
        const target = await app.storage.getPerson(board.id, personId);
        if (!target) throw apiError('PERSON_NOT_FOUND');
        const { role: newRole, name: rawName } = request.body;
        if (newRole !== undefined && role !== 'facilitator') {
          throw apiError('ROLE_FORBIDDEN', 'Only a facilitator can change what someone may do on the board.');
        }
        if (rawName !== undefined && self?.id !== target.id) throw apiError('ROLE_FORBIDDEN', 'Only the person themselves can change their name.');
        const name = rawName === undefined ? undefined : cleanPersonName(rawName);
        if (name === null) throw apiError('INVALID_REQUEST', 'name must not be blank.');
        if (newRole !== undefined && newRole !== 'facilitator' && target.role === 'facilitator') {
          const facilitators = (await app.storage.listPeople(board.id)).filter((p) => p.role === 'facilitator');
          if (facilitators.length <= 1) throw apiError('LAST_FACILITATOR');
        }
        const changes = { ...(newRole !== undefined ? { role: newRole } : {}), ...(name !== undefined ? { name } : {}) };
        const updated = await app.storage.updatePerson(board.id, target.id, changes);
        if (!updated) throw apiError('PERSON_NOT_FOUND');
        if (updated.role !== target.role || updated.name !== target.name) {
          app.rooms.closeConnections(board.id, `person:${target.id}`, CloseCode.identityChanged, 'identity changed');
          request.log.info({ boardId: board.id, person: target.id, role: updated.role }, 'person changed');
        }
        return personSummary(updated);
      },
    );

    app.post<{ Params: { id: string; role: Role }; Querystring: { token?: string } }>(
      '/api/boards/:id/invite-links/:role',
      {
        schema: {
          params: { type: 'object', properties: { id: { type: 'string' }, role: { type: 'string', enum: ROLES } }, required: ['id', 'role'] },
          querystring: tokenQuery,
          response: { 200: { type: 'object', properties: { role: { type: 'string' }, token: { type: 'string' } } }, '4xx': errorSchema },
        },
      },
      async (request): Promise<ReissueLinkResponse> => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only a facilitator can replace a link.');
        const linkRole = request.params.role;
        const token = newToken();
        if (!(await app.storage.replaceLinkToken(board.id, linkRole, hashToken(token), token, Date.now()))) {
          throw apiError('BOARD_NOT_FOUND');
        }
        // Stored first: from here the old token opens nothing. Then its open connections are closed,
        // here and on the other instances, with a reason that says whom to ask.
        const reason = await revokedMessage(app.storage, board, linkRole);
        app.rooms.closeConnections(board.id, `link:${linkRole}`, CloseCode.linkRevoked, reason);
        request.log.info({ boardId: board.id, link: linkRole }, 'link replaced');
        return { role: linkRole, token };
      },
    );

    app.patch<{ Params: { id: string }; Querystring: { token?: string }; Body: InviteSettingsRequest }>(
      '/api/boards/:id/invite-links',
      {
        bodyLimit: config.maxBodyBytes,
        schema: { params: boardParams, querystring: tokenQuery, body: inviteSettingsBody, response: { '4xx': errorSchema } },
      },
      async (request, reply) => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only a facilitator can decide who shares the participant link.');
        if (!(await app.storage.setParticipantsMayShare(board.id, request.body.participantsMayShare))) throw apiError('BOARD_NOT_FOUND');
        return reply.code(204).send();
      },
    );
  },
  { name: 'debrief-people', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms'], encapsulate: true },
);
