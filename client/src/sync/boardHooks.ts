// One hook per part of the board. Each reader declares the roots it reads (shared/board
// defineReader), so a hook re-reads exactly when one of them changes: nothing to list here.
// Vote settings are not read from the board: they live in the facilitation document
// (useFacilitation().votes).
import { readActions, readClusters, readEvents, readFactors, readLearnings, readMeta } from '../../../shared/board';
import { useBoard } from './BoardContext';
import { useBoardValue } from './useBoardValue';

export const useEvents = () => useBoardValue(useBoard().doc, readEvents);
export const useFactors = () => useBoardValue(useBoard().doc, readFactors);
export const useClusters = () => useBoardValue(useBoard().doc, readClusters);
export const useActions = () => useBoardValue(useBoard().doc, readActions);
export const useLearnings = () => useBoardValue(useBoard().doc, readLearnings);
export const useMeta = () => useBoardValue(useBoard().doc, readMeta);
