// The meeting's reads of the board document: check-in lines and who is done with this visit of
// the phase. Each names the roots it depends on, as sync/boardHooks.ts does.
import { readCheckins, readinessKey, readReady, ROOT, type RootName } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation } from '../../sync/facilitationHooks';
import { useBoardValue } from '../../sync/useBoardValue';

const CHECKIN_ROOTS: readonly RootName[] = [ROOT.checkins];
const READY_ROOTS: readonly RootName[] = [ROOT.ready];

/** The check-in lines, in the order they were added. */
export const useCheckins = () => useBoardValue(useBoard().doc, CHECKIN_ROOTS, readCheckins);

/** The key under which this visit of the current phase keeps its readiness. */
export function useReadinessKey(): string {
  const { phase, phaseChangedAt } = useFacilitation();
  return readinessKey(phase, phaseChangedAt);
}

/** Voter ids of everyone who said they are done with this visit of the current phase. */
export function useReadySet(): ReadonlySet<string> {
  const { doc } = useBoard();
  const key = useReadinessKey();
  return useBoardValue(doc, READY_ROOTS, (d) => readReady(d, key), [key]);
}
