// In the Action items section: the most-voted factors and clusters that no action addresses yet,
// so the team sees which of the things it said mattered most are still without a change. Only
// once the facilitator has revealed the votes: before that there is no "most-voted" to show.
import { useMemo } from 'react';
import {
  combineReaders,
  readActions,
  readBallots,
  readClusters,
  readFactors,
  type VoteSettings,
} from '../../../../shared/board';
import { unaddressedTopFactors, type UnaddressedTarget } from '../../../../shared/causal';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation } from '../../sync/facilitationHooks';
import { useBoardValue } from '../../sync/useBoardValue';
import { InfoIcon } from '../../ui/icons';
import { shortName } from '../voting/VoteControls';
import './links.css';

/** The most-voted notes without an action, counting dots with the facilitation document's rules. */
const readUnaddressed = combineReaders(
  { factors: readFactors, clusters: readClusters, actions: readActions, ballots: readBallots },
  (board, _settings: VoteSettings): UnaddressedTarget[] => unaddressedTopFactors(board),
);

export function UnaddressedFactors() {
  const { votes } = useFacilitation();
  return votes.revealed ? <Unaddressed voteBudget={votes.voteBudget} perTargetCap={votes.perTargetCap} /> : null;
}

function Unaddressed({ voteBudget, perTargetCap }: { voteBudget: number; perTargetCap: number | null }) {
  const { doc } = useBoard();
  const settings = useMemo(() => ({ voteBudget, perTargetCap }), [voteBudget, perTargetCap]);
  const targets = useBoardValue(doc, readUnaddressed, settings);
  if (targets.length === 0) return null;
  return (
    <div className="callout callout--warning unaddressed" role="status" aria-label="Top-voted factors no action addresses">
      <InfoIcon />
      <span>
        {targets.length === 1 ? 'A top-voted factor has' : `${targets.length} top-voted factors have`} no action yet:{' '}
        {targets.map((t, i) => (
          <span key={t.id}>
            {i > 0 && ', '}
            <strong>{shortName(t.kind === 'factor' ? t.text : t.name, 48)}</strong> ({t.dots} dot{t.dots === 1 ? '' : 's'})
          </span>
        ))}
        . Link an action to each under “Addresses”, or say why it can wait.
      </span>
    </div>
  );
}
