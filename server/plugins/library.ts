// Library plugin: the workspace and its incident library (docs/library.md). Decorates `library`
// (the indexer, and the member link made at this start, which main.ts prints once). Every route
// needs a member (server/library/workspace.ts): a signed-in person with OpenID Connect, else the
// workspace link's token as `Authorization: Bearer`. Query strings are checked by schema and by
// hand (lists, the search language); anything wrong is a 400 that says what, never a 5xx.
//   GET   /api/workspace                                 the workspace (name, how members get in, due-date settings)
//   GET   /api/workspace/reviews                         the library home: filter, sort, paginate
//   GET   /api/workspace/search?q=                       full-text search, highlighted, with links into the boards
//   GET   /api/workspace/follow-ups                      every action item of the workspace
//   PATCH /api/workspace/follow-ups/:boardId/:actionId   set an action item's status, written into its board, live
//   GET   /api/workspace/changes                         a number that grows when the index changes (the pages poll it)
//   GET   /api/workspace/similar-factors?text=&board=    factors of other reviews that read like one being written
//   GET   /api/workspace/themes                          factors linked "same as" across reviews, grouped
//   GET   /api/workspace/metrics                         TTD/TTA/TTM/TTR as distributions, per service and severity
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { ACTION_STATUSES, BoardValidationError, readActions, STATUS_REASON_LENGTH, updateActionItem, type ActionStatus } from '../../shared/board';
import { isBoardId, type BoardId } from '../../shared/ids';
import { isCalendarDate } from '../../shared/board';
import {
  metricsOverview,
  SUGGEST_MAX_LENGTH,
  TREND_PERIODS,
  type FactorSuggestion,
  type MetricsOverview,
  type ThemesPage,
  type TrendPeriod,
  FOLLOW_UP_SORTS,
  LIBRARY_SORTS,
  MAX_QUERY_LENGTH,
  parseSearchQuery,
  REVIEW_STATUSES,
  SearchQueryError,
  SEVERITIES,
  snippetParts,
  type FollowUp,
  type FollowUpSort,
  type LibrarySort,
  type LibraryReview,
  type LibraryVersion,
  type Page,
  type ReviewStatus,
  type SearchHit,
  type Severity,
  type UpdateFollowUpRequest,
  type WorkspaceInfo,
} from '../../shared/library';
import type { ServerConfig } from '../config';
import { apiError } from '../errors';
import { acceptJsonBodies, errorSchema } from '../http';
import { indexFormatOf, LibraryIndexer } from '../library/indexer';
import { buildThemes, suggestFactors } from '../library/recurring';
import { authorizeMember, openWorkspace, type Member } from '../library/workspace';
import { SearchSyntaxError, type StoredFollowUp, type StoredReview } from '../storage/library';
import { DocumentUnavailableError } from '../sync/registry';
import { SERVER_WRITES } from '../writeContext';

declare module 'fastify' {
  interface FastifyInstance {
    library: {
      indexer: LibraryIndexer;
      /** The member link's token made at this start (first start): printed once by main.ts, else null. */
      newWorkspaceToken: string | null;
    };
  }
}

export interface LibraryPluginOptions {
  config: ServerConfig;
}

/** Largest page any list answers. */
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 25;
/** Deepest page: past it a search or list is too broad to page through; narrow it instead. */
const MAX_OFFSET = 10_000;

const pageProps = {
  page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
  pageSize: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' },
  token: { type: 'string' },
} as const;

const reviewsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageProps,
    severity: { type: 'string', maxLength: 100 },
    status: { type: 'string', maxLength: 100 },
    service: { type: 'string', minLength: 1, maxLength: 40 },
    tag: { type: 'string', minLength: 1, maxLength: 40 },
    sort: { type: 'string', enum: LIBRARY_SORTS },
    order: { type: 'string', enum: ['asc', 'desc'] },
  },
} as const;

const searchQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: { ...pageProps, q: { type: 'string', maxLength: 2000 } },
} as const;

const followUpsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageProps,
    status: { type: 'string', maxLength: 100 },
    severity: { type: 'string', maxLength: 100 },
    owner: { type: 'string', minLength: 1, maxLength: 100 },
    mine: { type: 'string', enum: ['true', 'false'] },
    overdue: { type: 'string', enum: ['true', 'false'] },
    sort: { type: 'string', enum: FOLLOW_UP_SORTS },
  },
} as const;

const similarQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: {
    text: { type: 'string', maxLength: SUGGEST_MAX_LENGTH },
    board: { type: 'string', maxLength: 64 },
    token: { type: 'string' },
  },
} as const;

const themesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageProps,
    service: { type: 'string', minLength: 1, maxLength: 40 },
    recurredAfterDone: { type: 'string', enum: ['true', 'false'] },
  },
} as const;

const metricsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    severity: { type: 'string', maxLength: 100 },
    service: { type: 'string', minLength: 1, maxLength: 40 },
    from: { type: 'string', maxLength: 10 },
    to: { type: 'string', maxLength: 10 },
    period: { type: 'string', enum: TREND_PERIODS },
    token: { type: 'string' },
  },
} as const;

/** A YYYY-MM-DD bound of the metrics page, or a 400 naming the field. */
function dayParam(raw: string | undefined, field: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!isCalendarDate(raw)) throw apiError('INVALID_REQUEST', `${field} must be a date written YYYY-MM-DD; got ${JSON.stringify(String(raw).slice(0, 12))}.`);
  return raw;
}

const followUpBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ACTION_STATUSES },
    reason: { type: 'string', maxLength: STATUS_REASON_LENGTH },
  },
} as const;

const followUpParams = {
  type: 'object',
  properties: { boardId: { type: 'string', maxLength: 64 }, actionId: { type: 'string', maxLength: 64 } },
  required: ['boardId', 'actionId'],
} as const;

interface PageQuery {
  page?: string;
  pageSize?: string;
  token?: string;
}

/** A comma-separated list whose every item is one of `allowed` (400 naming the field otherwise). */
function listOf<T extends string>(raw: string | undefined, allowed: readonly T[], field: string): T[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const items = raw.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw apiError('INVALID_REQUEST', `${field} must be one or more of ${allowed.join(', ')} (separated by commas); got ${JSON.stringify(item.slice(0, 40))}.`);
    }
  }
  return [...new Set(items)] as T[];
}

function paging(query: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? DEFAULT_PAGE_SIZE);
  if (pageSize > MAX_PAGE_SIZE) throw apiError('INVALID_REQUEST', `pageSize is at most ${MAX_PAGE_SIZE}.`);
  const offset = (page - 1) * pageSize;
  if (offset >= MAX_OFFSET) throw apiError('INVALID_REQUEST', `That page is too deep (past ${MAX_OFFSET} results): narrow the search or the filters instead.`);
  return { page, pageSize, offset };
}

const boardLink = (boardId: string, participantToken: string, focus?: string) =>
  `/b/${encodeURIComponent(boardId)}#token=${encodeURIComponent(participantToken)}${focus ? `&${focus}` : ''}`;

const toReview = (r: StoredReview): LibraryReview => ({
  boardId: r.boardId,
  title: r.title,
  incidentDate: r.incidentDate,
  severity: r.severity,
  services: r.services,
  tags: r.tags,
  status: r.status,
  facilitator: r.facilitator,
  events: r.events,
  factors: r.factors,
  actions: r.actions,
  openActions: r.openActions,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  link: boardLink(r.boardId, r.participantToken),
});

/** Today in UTC, YYYY-MM-DD: due dates are calendar dates and overdue means before today. */
const today = (now: number) => new Date(now).toISOString().slice(0, 10);

function toFollowUp(a: StoredFollowUp, now: number): FollowUp {
  const due = a.due || a.defaultDue;
  return {
    boardId: a.boardId,
    boardTitle: a.boardTitle,
    severity: a.severity,
    actionId: a.actionId,
    text: a.text,
    owner: a.owner,
    due,
    dueIsDefault: a.due === '' && due !== '',
    status: a.status,
    statusReason: a.statusReason,
    factors: a.factors,
    overdue: due !== '' && due < today(now) && (a.status === 'open' || a.status === 'in-progress'),
    link: boardLink(a.boardId, a.participantToken, `action=${encodeURIComponent(a.actionId)}`),
  };
}

export default fp<LibraryPluginOptions>(
  async function libraryPlugin(root, { config }) {
    const store = root.storage;
    const { newToken } = await openWorkspace(store, {
      name: config.workspaceName,
      membersSignIn: root.signIn.available,
      indexFormat: indexFormatOf(config.followUpDueDays),
    });
    const indexer = new LibraryIndexer({
      store,
      rooms: root.rooms,
      dueDays: config.followUpDueDays,
      delayMs: config.libraryIndexDelayMs,
      log: root.log,
    });
    root.decorate('library', { indexer, newWorkspaceToken: newToken });
    root.boardChanges.listen((boardId) => indexer.markDirty(boardId));
    // Boards changed while the index was not running (and every board, on the first start after an upgrade).
    await indexer.catchUp();
    root.addHook('preClose', async () => {
      await indexer.close();
    });

    // The routes in a scope of their own: JSON bodies only, as the other API plugins.
    await root.register(async (app) => {
    acceptJsonBodies(app, config.maxBodyBytes);

    const member = (request: FastifyRequest): Promise<Member> => authorizeMember(store, app.signIn, request);

    app.get('/api/workspace', { schema: { querystring: { type: 'object', properties: { token: { type: 'string' } } } } }, async (request, reply): Promise<WorkspaceInfo> => {
      await member(request);
      void reply.header('cache-control', 'no-store');
      const workspace = await store.library.getWorkspace();
      return {
        name: workspace?.name ?? config.workspaceName,
        membersSignIn: root.signIn.available,
        severities: [...SEVERITIES],
        dueDays: config.followUpDueDays,
      };
    });

    app.get('/api/workspace/changes', { schema: { querystring: { type: 'object', properties: { token: { type: 'string' } } } } }, async (request, reply): Promise<LibraryVersion> => {
      await member(request);
      void reply.header('cache-control', 'no-store');
      return { version: await store.library.indexVersion() };
    });

    app.get<{ Querystring: PageQuery & { severity?: string; status?: string; service?: string; tag?: string; sort?: LibrarySort; order?: 'asc' | 'desc' } }>(
      '/api/workspace/reviews',
      { schema: { querystring: reviewsQuery, response: { '4xx': errorSchema } } },
      async (request, reply): Promise<Page<LibraryReview>> => {
        await member(request);
        const q = request.query;
        const { page, pageSize, offset } = paging(q);
        const sort = q.sort ?? 'incidentDate';
        const severities = listOf<Severity>(q.severity, SEVERITIES, 'severity');
        const statuses = listOf<ReviewStatus>(q.status, REVIEW_STATUSES, 'status');
        const { total, items } = await store.library.listReviews({
          ...(severities ? { severities } : {}),
          ...(statuses ? { statuses } : {}),
          ...(q.service !== undefined ? { service: q.service } : {}),
          ...(q.tag !== undefined ? { tag: q.tag } : {}),
          sort,
          // Newest first by default; titles A to Z.
          descending: (q.order ?? (sort === 'title' || sort === 'severity' ? 'asc' : 'desc')) === 'desc',
          offset,
          limit: pageSize,
        });
        void reply.header('cache-control', 'no-store');
        return { total, page, pageSize, items: items.map(toReview) };
      },
    );

    app.get<{ Querystring: PageQuery & { q: string } }>(
      '/api/workspace/search',
      { schema: { querystring: searchQuery, response: { '4xx': errorSchema } } },
      async (request, reply): Promise<Page<SearchHit>> => {
        await member(request);
        const { page, pageSize, offset } = paging(request.query);
        if (request.query.q.length > MAX_QUERY_LENGTH) throw apiError('SEARCH_QUERY_INVALID', `A search is at most ${MAX_QUERY_LENGTH} characters.`);
        let parsed;
        try {
          parsed = parseSearchQuery(request.query.q);
        } catch (error) {
          if (error instanceof SearchQueryError) throw apiError('SEARCH_QUERY_INVALID', error.message);
          throw error;
        }
        let result;
        try {
          result = await store.library.search(parsed, offset, pageSize);
        } catch (error) {
          if (error instanceof SearchSyntaxError) throw apiError('SEARCH_QUERY_INVALID', 'This search could not be run: try fewer special characters.');
          throw error;
        }
        void reply.header('cache-control', 'no-store');
        return {
          total: result.total,
          page,
          pageSize,
          items: result.hits.map((h) => ({
            boardId: h.boardId,
            boardTitle: h.boardTitle,
            incidentDate: h.incidentDate,
            kind: h.kind,
            itemId: h.itemId,
            snippet: snippetParts(h.snippet),
            link: boardLink(h.boardId, h.participantToken, h.itemId ? `${h.kind}=${encodeURIComponent(h.itemId)}` : h.kind === 'summary' ? 'summary' : undefined),
          })),
        };
      },
    );

    app.get<{ Querystring: PageQuery & { status?: string; severity?: string; owner?: string; mine?: 'true' | 'false'; overdue?: 'true' | 'false'; sort?: FollowUpSort } }>(
      '/api/workspace/follow-ups',
      { schema: { querystring: followUpsQuery, response: { '4xx': errorSchema } } },
      async (request, reply): Promise<Page<FollowUp>> => {
        const who = await member(request);
        const q = request.query;
        const { page, pageSize, offset } = paging(q);
        const statuses = listOf<ActionStatus>(q.status, ACTION_STATUSES, 'status');
        const severities = listOf<Severity>(q.severity, SEVERITIES, 'severity');
        let owner = q.owner?.trim();
        if (q.mine === 'true') {
          if (!who.name) {
            throw apiError('INVALID_REQUEST', 'Mine needs you to be signed in, so the server knows who you are: filter by owner (your name) instead.');
          }
          owner = who.name;
        }
        const now = Date.now();
        const { total, items } = await store.library.listFollowUps({
          ...(statuses ? { statuses } : {}),
          ...(severities ? { severities } : {}),
          ...(owner ? { owner } : {}),
          ...(q.overdue === 'true' ? { overdueBefore: today(now) } : {}),
          sort: q.sort ?? 'due',
          offset,
          limit: pageSize,
        });
        void reply.header('cache-control', 'no-store');
        return { total, page, pageSize, items: items.map((a) => toFollowUp(a, now)) };
      },
    );

    app.get<{ Querystring: { text: string; board?: string; token?: string } }>(
      '/api/workspace/similar-factors',
      { schema: { querystring: similarQuery, response: { '4xx': errorSchema } } },
      async (request, reply): Promise<{ items: FactorSuggestion[] }> => {
        await member(request);
        const { text, board } = request.query;
        if (board !== undefined && !isBoardId(board)) throw apiError('INVALID_REQUEST', 'board must be the id of a board (the code after /b/ in its address).');
        void reply.header('cache-control', 'no-store');
        return { items: await suggestFactors(store.library, text, (board as BoardId | undefined) ?? null) };
      },
    );

    app.get<{ Querystring: PageQuery & { service?: string; recurredAfterDone?: 'true' | 'false' } }>(
      '/api/workspace/themes',
      { schema: { querystring: themesQuery, response: { '4xx': errorSchema } } },
      async (request, reply): Promise<ThemesPage> => {
        await member(request);
        const q = request.query;
        const { page, pageSize, offset } = paging(q);
        let themes = buildThemes(await store.library.linkedFactors());
        const flagged = themes.filter((t) => t.recurredAfterDone).length;
        if (q.service !== undefined) themes = themes.filter((t) => t.services.includes(q.service!.toLowerCase()));
        if (q.recurredAfterDone === 'true') themes = themes.filter((t) => t.recurredAfterDone);
        void reply.header('cache-control', 'no-store');
        return { total: themes.length, recurredAfterDone: flagged, page, pageSize, items: themes.slice(offset, offset + pageSize) };
      },
    );

    app.get<{ Querystring: { severity?: string; service?: string; from?: string; to?: string; period?: TrendPeriod; token?: string } }>(
      '/api/workspace/metrics',
      { schema: { querystring: metricsQuery, response: { '4xx': errorSchema } } },
      async (request, reply): Promise<MetricsOverview> => {
        await member(request);
        const q = request.query;
        const severities = listOf<Severity>(q.severity, SEVERITIES, 'severity');
        const from = dayParam(q.from, 'from');
        const to = dayParam(q.to, 'to');
        if (from !== undefined && to !== undefined && from > to) throw apiError('INVALID_REQUEST', `from (${from}) is after to (${to}).`);
        const reviews = await store.library.reviewMetrics({
          ...(severities ? { severities } : {}),
          ...(q.service !== undefined ? { service: q.service } : {}),
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        });
        void reply.header('cache-control', 'no-store');
        return metricsOverview(reviews, q.period ?? 'month');
      },
    );

    app.patch<{ Params: { boardId: string; actionId: string }; Querystring: { token?: string }; Body: UpdateFollowUpRequest | null }>(
      '/api/workspace/follow-ups/:boardId/:actionId',
      {
        bodyLimit: config.maxBodyBytes,
        schema: {
          params: followUpParams,
          querystring: { type: 'object', properties: { token: { type: 'string' } } },
          body: followUpBody,
          response: { '4xx': errorSchema },
        },
      },
      async (request) => {
        const who = await member(request);
        if (!request.body) throw apiError('INVALID_REQUEST', 'Missing field status in body.');
        const { status } = request.body;
        const reason = (request.body.reason ?? '').trim();
        if (status === 'wont-do' && reason === '') {
          throw apiError('INVALID_REQUEST', "Say why it won't be done: the reason stays with the action item.");
        }
        const boardId = request.params.boardId as BoardId;
        if (!(await store.getBoard(boardId))) throw apiError('FOLLOW_UP_NOT_FOUND');
        let updated: { status: ActionStatus; statusReason: string } | null;
        try {
          // The server writes into the board document: live for whoever has the board open, on any instance.
          updated = await app.rooms.write({ boardId, name: 'board' }, (doc) => {
            const action = readActions(doc).find((a) => a.id === request.params.actionId);
            if (!action) return null;
            if (action.status !== status || (status === 'wont-do' && action.statusReason !== reason)) {
              updateActionItem(doc, action.id, status === 'wont-do' ? { status, statusReason: reason } : { status }, SERVER_WRITES);
            }
            return { status, statusReason: status === 'wont-do' ? reason : '' };
          });
        } catch (error) {
          if (error instanceof BoardValidationError) throw apiError('INVALID_REQUEST', error.message);
          if (!(error instanceof DocumentUnavailableError)) throw error;
          if (app.rooms.isStopping) throw apiError('SHUTTING_DOWN');
          if (!(await store.getBoard(boardId))) throw apiError('FOLLOW_UP_NOT_FOUND');
          throw error;
        }
        if (!updated) throw apiError('FOLLOW_UP_NOT_FOUND');
        request.log.info({ boardId, actionId: request.params.actionId, status, by: who.name ?? 'workspace link' }, 'follow-up status changed');
        return { boardId, actionId: request.params.actionId, ...updated };
      },
    );
    });
  },
  { name: 'debrief-library', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms', 'debrief-sign-in'] },
);
