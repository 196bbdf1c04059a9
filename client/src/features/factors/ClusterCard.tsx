// A named stack of factors in a column: rename it in place, vote on it as a whole, ungroup it.
// Dropping a note on it adds the note.
import { memo } from 'react';
import { clusterDisplayName, readTextField, renameCluster, ungroupCluster, UNNAMED_CLUSTER } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { IconButton } from '../../ui/Button';
import { EditableText } from '../../ui/EditableText';
import { UngroupIcon } from '../../ui/icons';
import { showToast } from '../../ui/Toast';
import { canSpendOn, tallyOf, type NamedDots, type VoteState } from '../voting/useVotes';
import { isInWindow } from '../prework/visits';
import { shortName, VoteControls } from '../voting/VoteControls';
import type { ClusterGroup } from './columns';
import { clusterDropId } from './dnd';
import { DropTargetMark } from './dropTargets';
import { FactorCard } from './FactorCard';

interface ClusterCardProps {
  group: ClusterGroup;
  votes: VoteState;
  canEdit: boolean;
  /** Everyone's dots on the cluster, or null while the votes are hidden. */
  dots: number | null;
  mine: number;
  canAdd: boolean;
  voters: readonly NamedDots[] | undefined;
  newFrom: number | null;
  newUntil: number | null;
}

export const ClusterCard = memo(function ClusterCard({
  group,
  votes,
  canEdit,
  dots,
  mine,
  canAdd,
  voters,
  newFrom,
  newUntil,
}: ClusterCardProps) {
  const newWindow = newFrom !== null && newUntil !== null ? { from: newFrom, until: newUntil } : null;
  const { doc, connection, ctx } = useBoard();
  const { cluster, factors } = group;
  const name = clusterDisplayName(cluster);
  return (
    <div
      className="cluster"
      role="group"
      aria-label={`Cluster “${shortName(name)}”, ${factors.length} ${factors.length === 1 ? 'note' : 'notes'}`}
      data-cluster-id={cluster.id}
    >
      <DropTargetMark id={clusterDropId(cluster.id)} target={{ type: 'cluster', column: cluster.category, clusterId: cluster.id }} disabled={!canEdit} />
      <div className="cluster__header">
        <EditableText
          className="cluster__name"
          value={cluster.name}
          readOnly={!canEdit}
          label="Cluster name"
          placeholder={UNNAMED_CLUSTER}
          onChange={(next) => renameCluster(doc, cluster.id, next, ctx)}
          read={() => readTextField(doc, { root: 'clusters', id: cluster.id, field: 'name' })}
        />
        {canEdit && (
          <IconButton
            label={`Ungroup “${shortName(name)}”`}
            size="sm"
            onClick={() => {
              connection.undoManager?.stopCapturing();
              ungroupCluster(doc, cluster.id, ctx);
              showToast({
                message: 'Cluster ungrouped; its notes stay in the column.',
                action: { label: 'Undo', onAction: () => connection.undoManager?.undo() },
              });
            }}
          >
            <UngroupIcon size={14} />
          </IconButton>
        )}
      </div>
      <div className="cluster__votes">
        <span className="cluster__count" title="Dots go to the cluster as a whole, not to its notes">
          {factors.length} {factors.length === 1 ? 'note' : 'notes'}
          <span className="cluster__dots-rule"> · dots go to the cluster</span>
        </span>
        <VoteControls targetId={cluster.id} name={shortName(name)} dots={dots} mine={mine} canAdd={canAdd} voters={voters} />
      </div>
      <div className="cluster__members">
        {factors.map((f) => (
          <FactorCard
            key={f.id}
            factor={f}
            canEdit={canEdit}
            dots={tallyOf(votes, f.id)}
            mine={votes.mine.get(f.id) ?? 0}
            canAdd={canSpendOn(votes, f.id)}
            voters={votes.voters.get(f.id)}
            isNew={isInWindow(f.createdAt, newWindow)}
          />
        ))}
      </div>
    </div>
  );
});
