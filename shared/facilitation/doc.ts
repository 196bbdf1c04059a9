// The one module that knows the facilitation document's layout. This second document of a board
// holds what only the facilitator decides; the server applies only facilitator connections'
// updates to it (shared/protocol.ts canWriteDocument), and refuses edits to the board document
// while this one says the board is closed. Everyone reads it.
//
// Layout (see docs/facilitation.md):
//   state   Y.Map   schemaVersion, phase, phaseChangedAt, closedAt, showAuthors,
//                   privateTimeline, privateFactors ("write privately first" per section),
//                   voteBudget, perTargetCap, votesRevealed, namedVoting,
//                   groundRules (string[], replaced whole: one writer),
//                   canWait ({ [factor or cluster id]: reason }, replaced whole: one writer),
//                   severity ('SEV1'..'SEV4'), services, tags (string[], replaced whole)
//   timer   Y.Map   endsAt, durationMs, phase (empty when no countdown runs)
import * as Y from 'yjs';
import {
  BoardValidationError,
  checkVoteSettings,
  readVoteSettings,
  readVoteSettingsOf,
  roots,
  type TransactionOrigin,
  type VoteSettings,
  type WriteContext,
} from '../board';
import { INCIDENT_FIELD_LIMITS, isSeverity } from '../library/schema';
import {
  DEFAULT_GROUND_RULES,
  FACILITATION_LIMITS,
  FACILITATION_SCHEMA_VERSION,
  isPhase,
  type DraftSection,
  type FacilitationSnapshot,
  type IncidentFields,
  type Phase,
  type PhaseTimer,
} from './schema';

export const FACILITATION_ROOT = { state: 'state', timer: 'timer' } as const;
export type FacilitationRootName = (typeof FACILITATION_ROOT)[keyof typeof FACILITATION_ROOT];

export function facilitationRoots(doc: Y.Doc) {
  return {
    state: doc.getMap<unknown>(FACILITATION_ROOT.state),
    timer: doc.getMap<unknown>(FACILITATION_ROOT.timer),
  };
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const bool = (v: unknown): boolean => v === true;

/** The phase a board is in ('prework' for a board nobody has moved yet). */
export function readPhase(doc: Y.Doc): Phase {
  const p = facilitationRoots(doc).state.get('phase');
  return isPhase(p) ? p : 'prework';
}

/** True once the facilitator has closed the board: nobody may change it until it is reopened. */
export function isClosed(doc: Y.Doc): boolean {
  return readPhase(doc) === 'closed';
}

export function readFacilitationVoteSettings(doc: Y.Doc): VoteSettings {
  return readVoteSettingsOf(facilitationRoots(doc).state);
}

export function readTimer(doc: Y.Doc): PhaseTimer | null {
  const t = facilitationRoots(doc).timer;
  const endsAt = t.get('endsAt');
  const durationMs = t.get('durationMs');
  const phase = t.get('phase');
  if (typeof endsAt !== 'number' || !Number.isFinite(endsAt) || typeof durationMs !== 'number' || !isPhase(phase)) return null;
  return { endsAt, durationMs: Math.max(0, durationMs), phase };
}

export function readGroundRules(doc: Y.Doc): string[] {
  const raw = facilitationRoots(doc).state.get('groundRules');
  if (!Array.isArray(raw)) return [...DEFAULT_GROUND_RULES];
  return raw
    .filter((r): r is string => typeof r === 'string')
    .map((r) => r.slice(0, FACILITATION_LIMITS.groundRuleLength))
    .slice(0, FACILITATION_LIMITS.groundRules);
}

/** Top-voted factors or clusters the facilitator said can wait, with why; garbage is dropped. */
export function readCanWait(doc: Y.Doc): Record<string, string> {
  const raw = facilitationRoots(doc).state.get('canWait');
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [id, reason] of Object.entries(raw as Record<string, unknown>).slice(0, FACILITATION_LIMITS.canWaitEntries)) {
    if (typeof reason === 'string' && reason.trim() !== '') out[id] = reason.slice(0, FACILITATION_LIMITS.canWaitReasonLength);
  }
  return out;
}

/** Labels as stored: strings, trimmed, no control characters, no duplicates (ignoring case), capped. */
function cleanLabels(raw: unknown, max: number): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const value of raw) {
    if (typeof value !== 'string') continue;
    // eslint-disable-next-line no-control-regex
    const label = value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, INCIDENT_FIELD_LIMITS.labelLength);
    if (label === '' || seen.has(label.toLowerCase())) continue;
    seen.add(label.toLowerCase());
    out.push(label);
    if (out.length >= max) break;
  }
  return out;
}

/** The incident's severity, services and tags; garbage reads as unset. */
export function readIncidentFields(doc: Y.Doc): IncidentFields {
  const s = facilitationRoots(doc).state;
  const severity = s.get('severity');
  return {
    severity: isSeverity(severity) ? severity : '',
    services: cleanLabels(s.get('services'), INCIDENT_FIELD_LIMITS.services),
    tags: cleanLabels(s.get('tags'), INCIDENT_FIELD_LIMITS.tags),
  };
}

export function readFacilitation(doc: Y.Doc): FacilitationSnapshot {
  const s = facilitationRoots(doc).state;
  return {
    phase: readPhase(doc),
    phaseChangedAt: num(s.get('phaseChangedAt')),
    closedAt: readPhase(doc) === 'closed' ? num(s.get('closedAt')) : 0,
    timer: readTimer(doc),
    votes: { ...readFacilitationVoteSettings(doc), revealed: bool(s.get('votesRevealed')), named: bool(s.get('namedVoting')) },
    showAuthors: bool(s.get('showAuthors')),
    privateWriting: { timeline: bool(s.get(PRIVATE_KEYS.timeline)), factors: bool(s.get(PRIVATE_KEYS.factors)) },
    groundRules: readGroundRules(doc),
    canWait: readCanWait(doc),
    incident: readIncidentFields(doc),
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations (the facilitator's client; the server refuses them from anyone else). Times given
// explicitly (`now`, `serverNow`) are the server's clock as the browser best knows it, not ctx.now.

/** Moves the board to a phase. `now` is the server's clock as this browser best knows it.
 * Closing the board also reveals the votes, so that the final report says where the dots went. */
export function setPhase(doc: Y.Doc, phase: Phase, now: number, ctx: WriteContext): void {
  if (!isPhase(phase)) throw new BoardValidationError(`Unknown phase: ${String(phase)}.`);
  doc.transact(() => {
    const { state, timer } = facilitationRoots(doc);
    if (state.get('schemaVersion') !== FACILITATION_SCHEMA_VERSION) state.set('schemaVersion', FACILITATION_SCHEMA_VERSION);
    if (readPhase(doc) === phase) return;
    state.set('phase', phase);
    state.set('phaseChangedAt', now);
    if (phase === 'closed') {
      state.set('closedAt', now);
      // The meeting is over: the final report, and everyone, see where the dots went.
      state.set('votesRevealed', true);
    }
    // A countdown belongs to the phase it was started in.
    const running = readTimer(doc);
    if (running && running.phase !== phase) for (const k of [...timer.keys()]) timer.delete(k);
  }, ctx.origin);
}

/** Starts (or restarts) a countdown of `durationMs` for the current phase, ending on the server's clock. */
export function startTimer(doc: Y.Doc, durationMs: number, serverNow: number, ctx: WriteContext): void {
  if (!Number.isFinite(durationMs) || durationMs < FACILITATION_LIMITS.minTimerMs || durationMs > FACILITATION_LIMITS.maxTimerMs) {
    throw new BoardValidationError('A timer runs between 10 seconds and 3 hours.');
  }
  doc.transact(() => {
    const { timer } = facilitationRoots(doc);
    timer.set('endsAt', Math.round(serverNow + durationMs));
    timer.set('durationMs', Math.round(durationMs));
    timer.set('phase', readPhase(doc));
  }, ctx.origin);
}

/** Adds time to the running countdown (or takes some away, with a negative `ms`). */
export function extendTimer(doc: Y.Doc, ms: number, serverNow: number, ctx: WriteContext): void {
  const running = readTimer(doc);
  if (!running) return;
  const endsAt = Math.max(serverNow, running.endsAt) + ms;
  doc.transact(() => {
    const { timer } = facilitationRoots(doc);
    timer.set('endsAt', Math.round(endsAt));
    timer.set('durationMs', Math.round(Math.max(0, running.durationMs + ms)));
  }, ctx.origin);
}

export function stopTimer(doc: Y.Doc, ctx: WriteContext): void {
  doc.transact(() => {
    const { timer } = facilitationRoots(doc);
    for (const k of [...timer.keys()]) timer.delete(k);
  }, ctx.origin);
}

export function setFacilitationVoteSettings(
  doc: Y.Doc,
  settings: Partial<VoteSettings>,
  ctx: WriteContext,
): void {
  checkVoteSettings(settings);
  const { voteBudget, perTargetCap } = settings;
  doc.transact(() => {
    const { state } = facilitationRoots(doc);
    if (voteBudget !== undefined) state.set('voteBudget', voteBudget);
    if (perTargetCap !== undefined) state.set('perTargetCap', perTargetCap);
  }, ctx.origin);
}

/** Shows (or hides again) everyone's tallies. */
export function setVotesRevealed(doc: Y.Doc, revealed: boolean, ctx: WriteContext): void {
  doc.transact(() => facilitationRoots(doc).state.set('votesRevealed', revealed === true), ctx.origin);
}

/** Named voting: each voter's name travels with their dots from the next dot they place. */
export function setNamedVoting(doc: Y.Doc, named: boolean, ctx: WriteContext): void {
  doc.transact(() => facilitationRoots(doc).state.set('namedVoting', named === true), ctx.origin);
}

/** Notes written from now on carry their author's name (and names already written show). */
export function setShowAuthors(doc: Y.Doc, show: boolean, ctx: WriteContext): void {
  doc.transact(() => facilitationRoots(doc).state.set('showAuthors', show === true), ctx.origin);
}

const PRIVATE_KEYS: Record<DraftSection, string> = { timeline: 'privateTimeline', factors: 'privateFactors' };

/** "Write privately first" for a section: each person's new notes there stay in their own drafts
 * until a facilitator reveals them. Turning it off reveals nothing: drafts wait for the reveal. */
export function setPrivateWriting(doc: Y.Doc, section: DraftSection, on: boolean, ctx: WriteContext): void {
  doc.transact(() => facilitationRoots(doc).state.set(PRIVATE_KEYS[section], on === true), ctx.origin);
}

/** Replaces the board's ground rules. Blank lines are dropped; an empty list restores the defaults. */
export function setGroundRules(doc: Y.Doc, rules: readonly string[], ctx: WriteContext): void {
  const clean = rules.map((r) => (typeof r === 'string' ? r.trim() : '')).filter((r) => r !== '');
  if (clean.length > FACILITATION_LIMITS.groundRules) {
    throw new BoardValidationError(`At most ${FACILITATION_LIMITS.groundRules} ground rules.`);
  }
  for (const rule of clean) {
    if (rule.length > FACILITATION_LIMITS.groundRuleLength) {
      throw new BoardValidationError(`A ground rule is at most ${FACILITATION_LIMITS.groundRuleLength} characters.`);
    }
  }
  doc.transact(() => {
    const { state } = facilitationRoots(doc);
    if (clean.length === 0) state.delete('groundRules');
    else state.set('groundRules', clean);
  }, ctx.origin);
}

/** Says a top-voted factor or cluster can wait without an action, and why (a reason is needed:
 * it goes into the report); `null` takes that back. */
export function setCanWait(doc: Y.Doc, targetId: string, reason: string | null, ctx: WriteContext): void {
  const current = readCanWait(doc);
  if (reason === null) {
    if (!(targetId in current)) return;
    delete current[targetId];
  } else {
    const clean = reason.replace(/\s+/g, ' ').trim();
    if (clean === '') throw new BoardValidationError('Say why it can wait: the reason goes into the report.');
    if (clean.length > FACILITATION_LIMITS.canWaitReasonLength) {
      throw new BoardValidationError(`A reason is at most ${FACILITATION_LIMITS.canWaitReasonLength} characters.`);
    }
    if (!(targetId in current) && Object.keys(current).length >= FACILITATION_LIMITS.canWaitEntries) {
      throw new BoardValidationError(`At most ${FACILITATION_LIMITS.canWaitEntries} factors can be marked as able to wait.`);
    }
    current[targetId] = clean;
  }
  doc.transact(() => {
    const { state } = facilitationRoots(doc);
    if (Object.keys(current).length === 0) state.delete('canWait');
    else state.set('canWait', current);
  }, ctx.origin);
}

/** Sets the incident's severity ('' for none), services and/or tags (each list replaced whole). */
export function setIncidentFields(doc: Y.Doc, patch: Partial<IncidentFields>, ctx: WriteContext): void {
  if (patch.severity !== undefined && patch.severity !== '' && !isSeverity(patch.severity)) {
    throw new BoardValidationError(`Unknown severity: ${String(patch.severity)}.`);
  }
  const lists = { services: INCIDENT_FIELD_LIMITS.services, tags: INCIDENT_FIELD_LIMITS.tags } as const;
  for (const key of ['services', 'tags'] as const) {
    const value = patch[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new BoardValidationError(`${key} must be a list of words.`);
    if (value.length > lists[key]) throw new BoardValidationError(`At most ${lists[key]} ${key}.`);
    if (value.some((v) => v.trim().length > INCIDENT_FIELD_LIMITS.labelLength)) {
      throw new BoardValidationError(`Each of the ${key} is at most ${INCIDENT_FIELD_LIMITS.labelLength} characters.`);
    }
  }
  doc.transact(() => {
    const { state } = facilitationRoots(doc);
    if (patch.severity !== undefined) {
      if (patch.severity === '') state.delete('severity');
      else state.set('severity', patch.severity);
    }
    if (patch.services !== undefined) state.set('services', cleanLabels(patch.services, lists.services));
    if (patch.tags !== undefined) state.set('tags', cleanLabels(patch.tags, lists.tags));
  }, ctx.origin);
}

/**
 * Carries vote settings a board set before they moved here (board schema < 3 kept them in the
 * board document, where any participant could change them) into the facilitation document, once:
 * only while this document has none of its own. The server calls it when it loads a board.
 * Returns whether anything was written.
 */
export function adoptBoardVoteSettings(facilitation: Y.Doc, board: Y.Doc, origin: TransactionOrigin): boolean {
  const { state } = facilitationRoots(facilitation);
  if (state.has('voteBudget') || state.has('perTargetCap')) return false;
  const old = roots(board).settings;
  if (!old.has('voteBudget') && !old.has('perTargetCap')) return false;
  const settings = readVoteSettings(board);
  facilitation.transact(() => {
    state.set('voteBudget', Math.max(1, settings.voteBudget));
    state.set('perTargetCap', settings.perTargetCap);
  }, origin);
  return true;
}

/** Calls `onChange` once after any transaction that touched the facilitation document. */
export function subscribeFacilitation(doc: Y.Doc, onChange: () => void): () => void {
  const { state, timer } = facilitationRoots(doc);
  let dirty = false;
  const mark = () => {
    dirty = true;
  };
  state.observe(mark);
  timer.observe(mark);
  const flush = () => {
    if (!dirty) return;
    dirty = false;
    onChange();
  };
  doc.on('afterTransaction', flush);
  return () => {
    state.unobserve(mark);
    timer.unobserve(mark);
    doc.off('afterTransaction', flush);
  };
}
