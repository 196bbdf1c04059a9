// Highlights a causal chain (event -> factor -> action) while a person points at or focuses one of
// its notes: the chain's other notes get an outline. Written as a generated style sheet keyed on
// the notes' data attributes, so no component re-renders and no element React owns is touched.
import { useEffect, useMemo, useState } from 'react';
import { combineReaders, readActions, readClusters, readFactors, readTimelineOrder } from '../../../../shared/board';
import { causalChains, type ChainSelection } from '../../../../shared/causal';
import type { ActionItemId, ClusterId, EventId, FactorId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';

const readChains = combineReaders(
  // The events' order, not their words: a keystroke on the timeline does not rebuild the chains.
  { events: readTimelineOrder, factors: readFactors, clusters: readClusters, actions: readActions },
  (board) => causalChains(board),
);

const SELECTABLE = '[data-event-id], [data-factor-id], [data-cluster-id], [data-action-id]';

function selectionOf(target: EventTarget | null): ChainSelection | null {
  if (!(target instanceof Element)) return null;
  const el = target.closest<HTMLElement>(SELECTABLE);
  if (!el) return null;
  const { eventId, factorId, clusterId, actionId } = el.dataset;
  if (factorId) return { kind: 'factor', id: factorId as FactorId };
  if (eventId) return { kind: 'event', id: eventId as EventId };
  if (actionId) return { kind: 'action', id: actionId as ActionItemId };
  if (clusterId) return { kind: 'cluster', id: clusterId as ClusterId };
  return null;
}

const same = (a: ChainSelection | null, b: ChainSelection | null) => a?.kind === b?.kind && a?.id === b?.id;

export function ChainHighlight() {
  const { doc } = useBoard();
  const chains = useBoardValue(doc, readChains);
  const [selection, setSelection] = useState<ChainSelection | null>(null);

  useEffect(() => {
    const pick = (e: Event) => {
      const next = selectionOf(e.target);
      setSelection((prev) => (same(prev, next) ? prev : next));
    };
    document.addEventListener('pointerover', pick);
    document.addEventListener('focusin', pick);
    return () => {
      document.removeEventListener('pointerover', pick);
      document.removeEventListener('focusin', pick);
    };
  }, []);

  const css = useMemo(() => {
    if (!selection) return '';
    const chain = chains(selection);
    const size = chain.events.size + chain.factors.size + chain.clusters.size + chain.actions.size;
    if (size <= 1) return '';
    const sel = [
      ...[...chain.events].map((id) => `[data-event-id="${CSS.escape(id)}"]`),
      ...[...chain.factors].map((id) => `[data-factor-id="${CSS.escape(id)}"]`),
      ...[...chain.clusters].map((id) => `[data-cluster-id="${CSS.escape(id)}"]`),
      ...[...chain.actions].map((id) => `[data-action-id="${CSS.escape(id)}"]`),
    ];
    return `${sel.join(',\n')} { outline: 2px solid var(--accent); outline-offset: 2px; }`;
  }, [chains, selection]);

  return css ? <style data-chain-highlight>{css}</style> : null;
}
