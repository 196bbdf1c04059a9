// The meeting's reads: check-in lines and who is done with this visit of the phase (board
// document, through shared/board's readers), and single fields of
// the facilitation document for components that should not re-render on every change of it.
import { useCallback, useSyncExternalStore } from 'react';
import { readCheckins, readinessKey, readReady } from '../../../../shared/board';
import type { FacilitationSnapshot } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { facilitationStore, useFacilitation } from '../../sync/facilitationHooks';
import { useBoardValue } from '../../sync/useBoardValue';

/** The check-in lines, in the order they were added. */
export const useCheckins = () => useBoardValue(useBoard().doc, readCheckins);

/** The key under which this visit of the current phase keeps its readiness. */
export function useReadinessKey(): string {
  const { phase, phaseChangedAt } = useFacilitation();
  return readinessKey(phase, phaseChangedAt);
}

/** Voter ids of everyone who said they are done with this visit of the current phase. */
export function useReadySet(): ReadonlySet<string> {
  const { doc } = useBoard();
  const key = useReadinessKey();
  return useBoardValue(doc, readReady, key);
}

/** One field of the facilitation state; re-renders only when that field changes (pass a
 * primitive-valued selector defined outside the component). */
export function useFacilitationField<T extends string | number | boolean | null>(select: (s: FacilitationSnapshot) => T): T {
  const store = facilitationStore(useBoard().facilitation);
  const read = useCallback(() => select(store.getSnapshot()), [store, select]);
  return useSyncExternalStore(store.subscribe, read, read);
}

export const selectPhase = (s: FacilitationSnapshot) => s.phase;
export const selectPhaseChangedAt = (s: FacilitationSnapshot) => s.phaseChangedAt;
