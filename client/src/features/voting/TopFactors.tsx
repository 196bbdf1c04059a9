// "Top factors": the notes and clusters with dots, most first, live as people vote. The list the
// action items should come from.
import { useMemo } from 'react';
import {
  FACTOR_CATEGORY_LABELS,
  type ContributingFactor,
  type FactorCategory,
  type FactorCluster,
  type VoteTargetId,
} from '../../../../shared/board';
import { useClusters, useFactors } from '../../sync/boardHooks';
import { shortName } from './VoteControls';
import { useVotes } from './useVotes';
import './voting.css';

interface TargetInfo {
  name: string;
  category: FactorCategory | null;
  isCluster: boolean;
  size: number;
}

function describeTargets(factors: readonly ContributingFactor[], clusters: readonly FactorCluster[]): Map<VoteTargetId, TargetInfo> {
  const out = new Map<VoteTargetId, TargetInfo>();
  for (const f of factors) out.set(f.id, { name: f.text, category: f.category, isCluster: false, size: 1 });
  for (const c of clusters) {
    out.set(c.id, {
      name: c.name || 'Untitled cluster',
      category: c.category,
      isCluster: true,
      size: factors.filter((f) => f.clusterId === c.id).length,
    });
  }
  return out;
}

const SHOWN = 8;

export function TopFactors() {
  const { ranked } = useVotes();
  const factors = useFactors();
  const clusters = useClusters();
  const targets = useMemo(() => describeTargets(factors, clusters), [factors, clusters]);
  const rows = ranked.filter((r) => targets.has(r.targetId));
  const max = rows[0]?.dots ?? 1;
  return (
    <section className="panel top-factors" id="top-factors" aria-labelledby="top-factors-title">
      <div className="board-section__header">
        <div className="board-section__heading">
          <h2 id="top-factors-title" className="board-section__title">
            Top factors
          </h2>
          <p className="board-section__prompt">Where the dots went. Write actions for the top few.</p>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="empty-note">No dots yet. Once people vote on the contributing factors, the ranking shows here.</p>
      ) : (
        <ol className="top-factors__list">
          {rows.slice(0, SHOWN).map((r, i) => {
            const t = targets.get(r.targetId)!;
            return (
              <li key={r.targetId} className="top-factors__row">
                <span className="top-factors__rank">{i + 1}</span>
                <div className="top-factors__body">
                  <span className="top-factors__name" title={t.name}>
                    {shortName(t.name, 90)}
                  </span>
                  <span className="top-factors__meta">
                    {t.category ? FACTOR_CATEGORY_LABELS[t.category] : 'Unsorted'}
                    {t.isCluster ? ` · cluster of ${t.size}` : ''}
                  </span>
                  <span className="top-factors__bar" aria-hidden="true">
                    <span style={{ width: `${Math.max(6, (r.dots / max) * 100)}%` }} />
                  </span>
                </div>
                <span className="top-factors__dots">
                  {r.dots} <span className="visually-hidden">{r.dots === 1 ? 'dot' : 'dots'}</span>
                  <span className="votes__dot" aria-hidden="true" />
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {rows.length > SHOWN && <p className="empty-note top-factors__more">and {rows.length - SHOWN} more with fewer dots</p>}
    </section>
  );
}
