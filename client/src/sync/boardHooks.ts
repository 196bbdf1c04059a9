// One hook per part of the board, each naming the roots its reader depends on in one place (a
// reader that looks at another root, as readFactors does at the events to order its links, must
// list it here, or its value would go stale when only that root changes). Vote settings are not
// read from the board: they live in the facilitation document (useFacilitation().votes).
import {
  readActions,
  readClusters,
  readEvents,
  readFactors,
  readLearnings,
  readMeta,
  ROOT,
  type RootName,
} from '../../../shared/board';
import { useBoard } from './BoardContext';
import { useBoardValue } from './useBoardValue';

export const EVENT_ROOTS: readonly RootName[] = [ROOT.events];
export const FACTOR_ROOTS: readonly RootName[] = [ROOT.factors, ROOT.clusters, ROOT.events];
export const CLUSTER_ROOTS: readonly RootName[] = [ROOT.clusters];
export const ACTION_ROOTS: readonly RootName[] = [ROOT.actions, ROOT.factors];
export const LEARNING_ROOTS: readonly RootName[] = [ROOT.learnings];
export const META_ROOTS: readonly RootName[] = [ROOT.meta];
/** What the vote readers look at: the ballots, the notes they may go to, and (named voting) the
 * names on the ballots. */
export const VOTE_ROOTS: readonly RootName[] = [ROOT.votes, ROOT.factors, ROOT.clusters, ROOT.voterNames];

export const useEvents = () => useBoardValue(useBoard().doc, EVENT_ROOTS, readEvents);
export const useFactors = () => useBoardValue(useBoard().doc, FACTOR_ROOTS, readFactors);
export const useClusters = () => useBoardValue(useBoard().doc, CLUSTER_ROOTS, readClusters);
export const useActions = () => useBoardValue(useBoard().doc, ACTION_ROOTS, readActions);
export const useLearnings = () => useBoardValue(useBoard().doc, LEARNING_ROOTS, readLearnings);
export const useMeta = () => useBoardValue(useBoard().doc, META_ROOTS, readMeta);
