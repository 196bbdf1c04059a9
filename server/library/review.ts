// What the incident library keeps about one board, made from its two documents and its people:
// the row of the library home, the texts full-text search indexes (with the record each belongs
// to, for the link into the board), and the action items of the follow-ups page with their default
// due dates. Pure: the indexer (indexer.ts) reads the documents and stores the result.
import type * as Y from 'yjs';
import { readActions, readEvents, readFactors, readLearnings, readMeta } from '../../shared/board';
import type { IncidentFields, Phase } from '../../shared/facilitation';
import { defaultDueDate, indexableText, METRIC_NAMES, reviewStatusOf, type DueDays, type IndexedMetric, type ReviewMetrics } from '../../shared/library';
import { computeMetrics, type MetricName } from '../../shared/metrics';
import type { BoardId } from '../../shared/ids';
import type { ActionRow, FactorRow, ReviewRow, SearchText } from '../storage/library';
import type { BoardRecord, PersonRecord } from '../storage/types';

/** Bumped when what the index holds about a board changes shape: every board is read again. */
export const INDEX_FORMAT = 2;

/** A factor's text as the follow-ups page shows it beside an action item. */
const FACTOR_LABEL_LENGTH = 120;

// PostgreSQL text cannot hold NUL, and the match markers must only come from the database.
// eslint-disable-next-line no-control-regex
const clean = (text: string) => indexableText(text).replace(/\u0000/g, ' ');

/** The index's view of a board. */
export function describeReview(
  record: BoardRecord,
  board: Y.Doc,
  facilitation: { incident: IncidentFields; phase: Phase },
  people: readonly PersonRecord[],
  dueDays: DueDays,
): { review: ReviewRow; texts: SearchText[]; actions: ActionRow[]; factors: FactorRow[]; metrics: Pick<ReviewMetrics, 'day' | 'values'> } {
  const meta = readMeta(board);
  const events = readEvents(board);
  const factors = readFactors(board);
  const actions = readActions(board);
  const learnings = readLearnings(board);
  const { incident } = facilitation;
  const title = meta.title || record.title;
  const incidentDate = meta.incidentDate || record.incidentDate;
  const facilitator = people.find((p) => p.role === 'facilitator')?.name ?? '';
  const factorText = new Map(factors.map((f) => [f.id as string, f.text]));
  // Without an incident date the review's own creation day stands in, so every item gets a default.
  const since = incidentDate || new Date(record.createdAt).toISOString().slice(0, 10);

  const review: ReviewRow = {
    boardId: record.id as BoardId,
    title: clean(title),
    incidentDate,
    severity: incident.severity,
    services: incident.services,
    tags: incident.tags,
    status: reviewStatusOf(facilitation.phase),
    facilitator: clean(facilitator),
    events: events.length,
    factors: factors.length,
    actions: actions.length,
    openActions: actions.filter((a) => a.status === 'open' || a.status === 'in-progress').length,
    createdAt: record.createdAt,
  };
  const texts: SearchText[] = [
    { kind: 'title', itemId: '', text: clean(title) },
    { kind: 'summary', itemId: '', text: clean(meta.summary) },
    // An event's context (what people saw and believed then) is found with the event.
    ...events.map((e): SearchText => ({
      kind: 'event',
      itemId: e.id,
      text: clean([e.text, e.sawAtTheTime, e.thoughtAtTheTime, e.whyItMadeSense].filter((t) => t.trim() !== '').join('\n')),
    })),
    ...factors.map((f): SearchText => ({ kind: 'factor', itemId: f.id, text: clean(f.text) })),
    ...actions.map((a): SearchText => ({ kind: 'action', itemId: a.id, text: clean(a.text) })),
    ...learnings.map((l): SearchText => ({ kind: 'learning', itemId: l.id, text: clean(l.text) })),
  ];
  const rows: ActionRow[] = actions.map((a) => ({
    actionId: a.id,
    text: clean(a.text),
    owner: clean(a.owner),
    due: a.due,
    defaultDue: defaultDueDate(since, incident.severity, dueDays),
    status: a.status,
    statusReason: clean(a.statusReason),
    factors: a.factorIds.map((id) => clean(factorText.get(id) ?? '').slice(0, FACTOR_LABEL_LENGTH)).filter((t) => t !== ''),
    createdAt: a.createdAt,
  }));
  const factorRows: FactorRow[] = factors.map((f) => {
    const addressing = actions.filter((a) => a.factorIds.includes(f.id));
    return {
      factorId: f.id,
      text: clean(f.text),
      category: f.category,
      createdAt: f.createdAt,
      sameAs: f.sameAs.map((l) => ({ boardId: l.boardId, factorId: l.factorId })),
      actions: addressing.length,
      actionsDone: addressing.filter((a) => a.status === 'done').length,
    };
  });
  const measured = computeMetrics(events);
  const values = {} as Record<MetricName, IndexedMetric>;
  for (const name of METRIC_NAMES) {
    const v = measured.values[name];
    values[name] = v.status === 'ok' ? v.ms : v.status;
  }
  // The trend files a review under its incident date, else the day impact started, else its creation.
  const day = incidentDate || measured.markers.impactStarted?.slice(0, 10) || since;
  return { review, texts, actions: rows, factors: factorRows, metrics: { day, values } };
}
