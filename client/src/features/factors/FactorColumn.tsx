// One column of the factor board (or the Unsorted tray): a drop target holding clusters and notes.
// Only the clusters and notes near the viewport are in the DOM (ui/windowing).
import { memo, useCallback, useMemo, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { addFactor, BoardValidationError, LIMITS, type EarlierFactor } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { useAuthorName } from '../../sync/facilitationHooks';
import { NO_DRAFTS_MESSAGE, useWriteTarget } from '../drafts/draftsHooks';
import { PrivateHint } from '../drafts/PrivateNotes';
import { announce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/Field';
import { PlusIcon } from '../../ui/icons';
import { canSpendOn, tallyOf, type VoteState } from '../voting/useVotes';
import { isInWindow } from '../prework/visits';
import { AuthorHint } from '../prework/NoteAuthor';
import { ClusterCard } from './ClusterCard';
import { COLUMN_HINTS, COLUMN_LABELS, factorRevealKey, type FactorColumnData } from './columns';
import { columnDropId } from './dnd';
import { DropTargetMark } from './dropTargets';
import { FactorCard } from './FactorCard';
import { FactorSuggestions } from './FactorSuggestions';
import { CoachHints } from '../coach/CoachHints';
import { useWindowedList } from '../../ui/windowing';

const clusterKey = (id: string) => `cluster:${id}`;
/** A note's usual height (one or two lines of text and the footer) and the CSS gap between. */
const ITEM_ESTIMATE = 120;
const ITEM_GAP = 8;

interface FactorColumnProps {
  column: FactorColumnData;
  votes: VoteState;
  canEdit: boolean;
  /** Factors written between these times are new since this person last looked. */
  newFrom: number | null;
  newUntil: number | null;
}

export const FactorColumn = memo(function FactorColumn({ column, votes, canEdit, newFrom, newUntil }: FactorColumnProps) {
  const newWindow = newFrom !== null && newUntil !== null ? { from: newFrom, until: newUntil } : null;
  const label = COLUMN_LABELS[column.id];
  const empty = column.clusters.length === 0 && column.loose.length === 0;
  // Clusters first, then the loose notes, as one windowed list.
  const { clusters, loose } = column;
  const keys = useMemo(() => {
    const index = new Map<string, number>();
    const order: string[] = [];
    clusters.forEach((g) => {
      index.set(clusterKey(g.id), order.length);
      for (const f of g.factors) index.set(factorRevealKey(f.id), order.length);
      order.push(clusterKey(g.id));
    });
    loose.forEach((f) => {
      index.set(factorRevealKey(f.id), order.length);
      order.push(factorRevealKey(f.id));
    });
    return { index, order };
  }, [clusters, loose]);
  const keyOf = useCallback((i: number) => keys.order[i]!, [keys]);
  const indexOfKey = useCallback((key: string) => keys.index.get(key) ?? -1, [keys]);
  // On a first screen the columns' notes start about this far down the page (under the header, the
  // meeting bar, the timeline and the columns' headings).
  const windowed = useWindowedList({ count: keys.order.length, keyOf, indexOfKey, axis: 'y', estimate: ITEM_ESTIMATE, gap: ITEM_GAP, firstDrawingTop: 1000 });
  return (
    <section
      className={`factor-column cat--${column.id}`}
      aria-label={`${label}: ${column.count} ${column.count === 1 ? 'note' : 'notes'}`}
      data-column={column.id}
    >
      <DropTargetMark id={columnDropId(column.id)} target={{ type: 'column', column: column.id }} disabled={!canEdit} />
      <header className="factor-column__header">
        <h3 className="factor-column__title">
          <span className="factor-column__swatch" aria-hidden="true" />
          {label}
          <span className="count">{column.count}</span>
        </h3>
        <p className="factor-column__hint">{COLUMN_HINTS[column.id]}</p>
      </header>
      {column.id === 'unsorted' && canEdit && <FactorComposer />}
      <div className="factor-column__items" ref={windowed.containerRef as Ref<HTMLDivElement>} style={windowed.containerStyle}>
        {windowed.indexes.map((i) => {
          const space = windowed.spaceBefore(i);
          const style = space ? { marginTop: space } : undefined;
          if (i < clusters.length) {
            const group = clusters[i]!;
            return (
              <div key={group.id} className="factor-column__item" data-window-key={keys.order[i]} style={style}>
                <ClusterCard
                  group={group}
                  votes={votes}
                  canEdit={canEdit}
                  dots={tallyOf(votes, group.cluster.id)}
                  mine={votes.mine.get(group.cluster.id) ?? 0}
                  canAdd={canSpendOn(votes, group.cluster.id)}
                  voters={votes.voters.get(group.cluster.id)}
                  newFrom={newFrom}
                  newUntil={newUntil}
                />
              </div>
            );
          }
          const factor = loose[i - clusters.length]!;
          return (
            <div key={factor.id} className="factor-column__item" data-window-key={keys.order[i]} style={style}>
              <FactorCard
                factor={factor}
                canEdit={canEdit}
                dots={tallyOf(votes, factor.id)}
                mine={votes.mine.get(factor.id) ?? 0}
                canAdd={canSpendOn(votes, factor.id)}
                voters={votes.voters.get(factor.id)}
                isNew={isInWindow(factor.createdAt, newWindow)}
              />
            </div>
          );
        })}
        {empty && (
          <div className="factor-column__empty">
            {column.id === 'unsorted'
              ? canEdit
                ? 'Everything is sorted.'
                : 'Nothing waiting to be sorted.'
              : canEdit
                ? `Drop notes about ${label.toLowerCase()} here.`
                : 'Nothing here yet.'}
          </div>
        )}
      </div>
    </section>
  );
});

/** Adds a factor to the tray. */
function FactorComposer() {
  const { ctx, connection } = useBoard();
  // While "Write privately first" is on, new factors go to this person's drafts (no name: the
  // server decides it at the reveal).
  const target = useWriteTarget('factors');
  const boardAuthor = useAuthorName();
  const author = target.isPrivate ? undefined : boardAuthor;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Factors of earlier reviews picked as "same as" this one (not in private notes: drafts keep no links).
  const [sameAs, setSameAs] = useState<EarlierFactor[]>([]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (text.trim() === '') return setError('Write the condition first, for example “The alert went to a muted channel”.');
    if (text.length > LIMITS.noteLength) {
      return setError(
        `This note is ${text.length.toLocaleString()} characters; a factor holds up to ${LIMITS.noteLength.toLocaleString()}. Shorten it or split it in two.`,
      );
    }
    if (target.blocked) return setError(NO_DRAFTS_MESSAGE);
    try {
      addFactor(target.doc, { text: text.trim(), author, ...(!target.isPrivate && sameAs.length > 0 ? { sameAs } : {}) }, ctx);
      setText('');
      setSameAs([]);
      setError(null);
      if (target.isPrivate) announce('Added to your private notes.');
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="factor-composer" onSubmit={submit} noValidate>
      <label className="visually-hidden" htmlFor="factor-composer-text">
        New contributing factor
      </label>
      <textarea
        id="factor-composer-text"
        className="textarea factor-composer__text"
        rows={2}
        value={text}
        placeholder="A condition that made this possible…"
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'factor-composer-error' : undefined}
        data-native-undo
      />
      {error && <InlineError id="factor-composer-error">{error}</InlineError>}
      {target.isPrivate || target.blocked ? <PrivateHint section="factors" className="factor-composer__author" /> : <AuthorHint className="factor-composer__author" />}
      <Button type="submit" variant="secondary" size="sm" icon={<PlusIcon size={14} />} className="factor-composer__submit">
        Add factor
      </Button>
      {!target.isPrivate && !target.blocked && <FactorSuggestions text={text} boardId={connection.boardId} picked={sameAs} onPick={setSameAs} />}
      {/* After the button: the hints float over the notes below, never over "Add factor". */}
      <CoachHints text={text} />
    </form>
  );
}
