// Causal links across a board: timeline events, the contributing factors that explain them, and the
// action items that address those factors. Pure functions of a board snapshot, for highlighting a
// chain on the board and for the report's check that the factors people voted for are acted on.
import type { ActionItemId, ClusterId, EventId, FactorId } from './ids';
import type { BoardSnapshot, FactorCategory, VoteTargetId } from './board';
import { exhaustiveSwitchError } from './exhaustive';

/** What a person pointed at. */
export type ChainSelection =
  | { kind: 'event'; id: EventId }
  | { kind: 'factor'; id: FactorId }
  | { kind: 'cluster'; id: ClusterId }
  | { kind: 'action'; id: ActionItemId };

/** Everything on one chain through the selection, the selection included. */
export interface CausalChain {
  events: ReadonlySet<EventId>;
  factors: ReadonlySet<FactorId>;
  /** Clusters holding a factor on the chain (or the selected cluster). */
  clusters: ReadonlySet<ClusterId>;
  actions: ReadonlySet<ActionItemId>;
}

/** What the links need: the events' ids alone (their order reader will do), the rest whole. */
type LinkedBoard = Pick<BoardSnapshot, 'factors' | 'clusters' | 'actions'> & { events: ReadonlyArray<{ id: EventId }> };

const EMPTY_CHAIN: CausalChain = Object.freeze({
  events: new Set<EventId>(),
  factors: new Set<FactorId>(),
  clusters: new Set<ClusterId>(),
  actions: new Set<ActionItemId>(),
});

/** Indexes a board's links once and returns a lookup from a selection to its chain, for
 * highlighting. Chains follow the links in their direction, never sideways:
 *
 * - an event: the factors that explain it, and the actions that address those factors;
 * - a factor: the events it explains and the actions that address it;
 * - a cluster: the same, for every factor in it;
 * - an action: the factors it addresses, and the events those factors explain.
 *
 * So selecting an event does not light up other events that share a factor with it. A selection
 * that is not on the board (deleted a moment ago) gives an empty chain. */
export function causalChains(board: LinkedBoard): (selection: ChainSelection | null) => CausalChain {
  const eventIds = new Set<string>(board.events.map((e) => e.id));
  const factorsById = new Map(board.factors.map((f) => [f.id as string, f]));
  const clusterIds = new Set<string>(board.clusters.map((c) => c.id));

  const factorsOfEvent = new Map<string, FactorId[]>();
  for (const f of board.factors) for (const e of f.eventIds) if (eventIds.has(e)) push(factorsOfEvent, e, f.id);
  const actionsOfFactor = new Map<string, ActionItemId[]>();
  for (const a of board.actions) for (const f of a.factorIds) if (factorsById.has(f)) push(actionsOfFactor, f, a.id);
  const membersOfCluster = new Map<string, FactorId[]>();
  for (const f of board.factors) if (f.clusterId !== null && clusterIds.has(f.clusterId)) push(membersOfCluster, f.clusterId, f.id);

  return (selection) => {
    if (selection === null) return EMPTY_CHAIN;
    const events = new Set<EventId>();
    const factors = new Set<FactorId>();
    const actions = new Set<ActionItemId>();
    const clusters = new Set<ClusterId>();
    const towardsActions = (factorId: FactorId) => {
      factors.add(factorId);
      for (const a of actionsOfFactor.get(factorId) ?? []) actions.add(a);
    };
    const towardsEvents = (factorId: FactorId) => {
      factors.add(factorId);
      for (const e of factorsById.get(factorId)?.eventIds ?? []) if (eventIds.has(e)) events.add(e);
    };
    switch (selection.kind) {
      case 'event':
        if (!eventIds.has(selection.id)) return EMPTY_CHAIN;
        events.add(selection.id);
        for (const f of factorsOfEvent.get(selection.id) ?? []) towardsActions(f);
        break;
      case 'factor':
        if (!factorsById.has(selection.id)) return EMPTY_CHAIN;
        towardsEvents(selection.id);
        towardsActions(selection.id);
        break;
      case 'cluster':
        if (!clusterIds.has(selection.id)) return EMPTY_CHAIN;
        clusters.add(selection.id);
        for (const f of membersOfCluster.get(selection.id) ?? []) {
          towardsEvents(f);
          towardsActions(f);
        }
        break;
      case 'action': {
        const action = board.actions.find((a) => a.id === selection.id);
        if (!action) return EMPTY_CHAIN;
        actions.add(action.id);
        for (const f of action.factorIds) if (factorsById.has(f)) towardsEvents(f);
        break;
      }
      default:
        return exhaustiveSwitchError(selection);
    }
    for (const f of factors) {
      const clusterId = factorsById.get(f)?.clusterId;
      if (clusterId && clusterIds.has(clusterId)) clusters.add(clusterId);
    }
    return { events, factors, clusters, actions };
  };
}

/** The chain through one selection; for a single lookup (use causalChains for many). */
export function causalChain(board: LinkedBoard, selection: ChainSelection): CausalChain {
  return causalChains(board)(selection);
}

/** A factor or cluster people voted for that no action item addresses. */
export type UnaddressedTarget =
  | { kind: 'factor'; id: FactorId; text: string; category: FactorCategory | null; dots: number }
  | { kind: 'cluster'; id: ClusterId; name: string; category: FactorCategory; dots: number };

/** How many of the most-voted factors and clusters the unaddressed check looks at by default. */
export const TOP_FACTOR_COUNT = 5;

/** Dots on each factor or cluster that still exists (ballots as the readers cleaned them). */
export function tallyVotes(board: Pick<BoardSnapshot, 'factors' | 'clusters' | 'ballots'>): Map<VoteTargetId, number> {
  const exists = new Set<string>([...board.factors.map((f) => f.id), ...board.clusters.map((c) => c.id)]);
  const totals = new Map<VoteTargetId, number>();
  for (const ballot of board.ballots.values()) {
    for (const [target, n] of ballot) {
      if (!exists.has(target) || !(n > 0)) continue;
      totals.set(target, (totals.get(target) ?? 0) + n);
    }
  }
  return totals;
}

/** Of the `n` factors and clusters with the most dots (and any tied with the last of them), those
 * no action item addresses, most dots first. A cluster counts as addressed when an action
 * addresses any factor in it; a factor only when an action names it. Nothing without dots is
 * listed: the check is about what the group chose as most important. Ties keep the order the
 * notes were added. */
export function unaddressedTopFactors(board: Pick<BoardSnapshot, 'factors' | 'clusters' | 'actions' | 'ballots'>, n = TOP_FACTOR_COUNT): UnaddressedTarget[] {
  if (!(n >= 1)) return [];
  const tallies = tallyVotes(board);
  const addressed = new Set<string>(board.actions.flatMap((a) => a.factorIds));
  const clusterAddressed = new Set<string>();
  for (const f of board.factors) if (f.clusterId !== null && addressed.has(f.id)) clusterAddressed.add(f.clusterId);

  type Ranked = { target: UnaddressedTarget; addressed: boolean; createdAt: number; id: string };
  const ranked: Ranked[] = [];
  for (const f of board.factors) {
    const dots = tallies.get(f.id) ?? 0;
    if (dots > 0) {
      ranked.push({
        target: { kind: 'factor', id: f.id, text: f.text, category: f.category, dots },
        addressed: addressed.has(f.id),
        createdAt: f.createdAt,
        id: f.id,
      });
    }
  }
  for (const c of board.clusters) {
    const dots = tallies.get(c.id) ?? 0;
    if (dots > 0) {
      ranked.push({
        target: { kind: 'cluster', id: c.id, name: c.name, category: c.category, dots },
        addressed: clusterAddressed.has(c.id),
        createdAt: c.createdAt,
        id: c.id,
      });
    }
  }
  ranked.sort((a, b) => b.target.dots - a.target.dots || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (ranked.length === 0) return [];
  const threshold = ranked[Math.min(n, ranked.length) - 1]!.target.dots;
  return ranked.filter((r) => r.target.dots >= threshold && !r.addressed).map((r) => r.target);
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
