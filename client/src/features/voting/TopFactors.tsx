// "Top factors": the notes and clusters with dots, most first, live as people vote, once the
// facilitator has revealed the votes. The list the action items should come from. Until the
// reveal it says the votes are hidden (and lets the facilitator reveal them), and nothing more.
import { useMemo } from 'react';
import {
  clusterDisplayName,
  FACTOR_CATEGORY_LABELS,
  type ContributingFactor,
  type FactorCategory,
  type FactorCluster,
  type VoteTargetId,
} from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { useClusters, useFactors } from '../../sync/boardHooks';
import { EyeOffIcon } from '../../ui/icons';
import { HIDDEN_HINT, shortName } from './VoteControls';
import { RevealButton } from './VoteSettings';
import { useVotes, type NamedDots } from './useVotes';
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
      name: clusterDisplayName(c),
      category: c.category,
      isCluster: true,
      size: factors.filter((f) => f.clusterId === c.id).length,
    });
  }
  return out;
}

const SHOWN = 8;

export function TopFactors() {
  const { isFacilitator, closed } = useBoard();
  const { revealed } = useVotes();
  return (
    <section className="panel top-factors" id="top-factors" aria-labelledby="top-factors-title">
      <div className="board-section__header">
        <div className="board-section__heading">
          <h2 id="top-factors-title" className="board-section__title">
            Top factors
          </h2>
          <p className="board-section__prompt">Where the dots went. Write actions for the top few.</p>
        </div>
        {revealed && isFacilitator && !closed && (
          <div className="board-section__tools">
            <RevealButton />
          </div>
        )}
      </div>
      {revealed ? <Ranking /> : <HiddenVotes />}
    </section>
  );
}

/** Before the reveal: what this person has placed, and nothing about anyone else's dots. */
function HiddenVotes() {
  const { isFacilitator, closed, canEdit } = useBoard();
  const { left, budget, named } = useVotes();
  const spent = budget - left;
  return (
    <div className="top-factors__hidden">
      <span className="top-factors__hidden-icon" aria-hidden="true">
        <EyeOffIcon size={18} />
      </span>
      <div className="top-factors__hidden-text">
        <p className="top-factors__hidden-title">{HIDDEN_HINT}</p>
        <p className="empty-note">
          {canEdit
            ? `Until then you see only your own dots${spent > 0 ? ` (${spent} of ${budget} placed)` : ''}, and nobody can follow how others voted.`
            : 'Until then each person sees only their own dots, and nobody can follow how others voted.'}
          {named && ' Named voting is on: once revealed, everyone sees who placed each dot.'}
        </p>
        {isFacilitator && !closed && (
          <div className="top-factors__hidden-action">
            <RevealButton />
          </div>
        )}
      </div>
    </div>
  );
}

/** After the reveal: the notes with dots, most first. */
function Ranking() {
  const { ranked, voters } = useVotes();
  const factors = useFactors();
  const clusters = useClusters();
  const targets = useMemo(() => describeTargets(factors, clusters), [factors, clusters]);
  const rows = ranked.filter((r) => targets.has(r.targetId));
  const max = rows[0]?.dots ?? 1;
  return (
    <>
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
                    {voters.has(r.targetId) && <> · {whoVoted(voters.get(r.targetId)!)}</>}
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
    </>
  );
}

/** "Kim 2, Sam 1, 1 without a name": who placed a note's dots (named voting). */
function whoVoted(voters: readonly NamedDots[]): string {
  return voters.map((v) => (v.name === null ? `${v.dots} without a name` : `${v.name} ${v.dots}`)).join(', ');
}
