// One hook per part of the board. Each reader declares the roots it reads (shared/board
// defineReader), so a hook re-reads exactly when one of them changes: nothing to list here.
// Vote settings are not read from the board: they live in the facilitation document
// (useFacilitation().votes).
import { readActions, readClusters, readEvents, readFactors, readLearnings, readMeta, readTimelineEvent, readTimelineOrder } from '../../../shared/board';
import type { EventId } from '../../../shared/ids';
import { useBoard } from './BoardContext';
import { useBoardValue } from './useBoardValue';

export const useEvents = () => useBoardValue(useBoard().doc, readEvents);
/** The events' ids, times and markers in timeline order: unchanged while people only type. */
export const useTimelineOrder = () => useBoardValue(useBoard().doc, readTimelineOrder);
/** One event (null once it is gone): what its note shows. */
export const useTimelineEvent = (id: EventId) => useBoardValue(useBoard().doc, readTimelineEvent, id);
export const useFactors = () => useBoardValue(useBoard().doc, readFactors);
export const useClusters = () => useBoardValue(useBoard().doc, readClusters);
export const useActions = () => useBoardValue(useBoard().doc, readActions);
export const useLearnings = () => useBoardValue(useBoard().doc, readLearnings);
export const useMeta = () => useBoardValue(useBoard().doc, readMeta);
