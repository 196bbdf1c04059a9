// For the facilitator: how many coach hints the board's words carry, per phase. Unobtrusive: a
// small button in the export area, with the breakdown in its tooltip; each press brings the next
// marked note into view with its text ready to edit (which shows its hints). None: nothing shown.
import { useDeferredValue, useMemo, useRef } from 'react';
import {
  combineReaders,
  readActions,
  readClusters,
  readEvents,
  readFactors,
  readLearnings,
  readMeta,
  readParticipants,
} from '../../../../shared/board';
import { countBoardHints } from '../../../../shared/coach';
import { useBoard } from '../../sync/BoardContext';
import { useSettledBoardValue } from '../../sync/useBoardValue';
import { showToast } from '../../ui/Toast';
import { useIdleAfterMount } from '../../ui/idle';
import { revealItem } from '../../ui/windowing';
import { checkText } from '../../../../shared/coach';
import { arrangeColumns, factorRevealKey } from '../factors/columns';
import { eventRevealKey } from '../timeline/TimelineLane';
import './coach.css';

/** The board's words: every text the coach reads. */
const readBoardWords = combineReaders({
  meta: readMeta,
  events: readEvents,
  factors: readFactors,
  clusters: readClusters,
  actions: readActions,
  learnings: readLearnings,
  participants: readParticipants,
}, (words) => words);

/** How long the board's words must stay unchanged before the hints are counted again. */
const RECOUNT_AFTER_MS = 300;

export function CoachCount() {
  const { isFacilitator } = useBoard();
  // Nothing is read or counted until the board is drawn and the browser idle: the count walks
  // every text of the board (about 200 ms for 1,000 notes the first time), which would otherwise
  // land between the first render and the first paint.
  const idle = useIdleAfterMount();
  if (!isFacilitator || !idle) return null;
  return <HintCount />;
}

function HintCount() {
  // Counted a moment behind the board (the first count after the notes are on screen), so opening
  // a board of 1,000 notes never waits for it, and read and recounted once typing pauses, not
  // after every keystroke (a recount walks every text on the board; checkText keeps each text's
  // answer, so it checks only those that changed).
  const words = useSettledBoardValue(useBoard().doc, readBoardWords, RECOUNT_AFTER_MS);
  const deferred = useDeferredValue(words, null);
  const counts = useMemo(() => (deferred ? countBoardHints(deferred) : null), [deferred]);
  const lastShown = useRef(-1);
  if (!counts || counts.total === 0) return null;
  const detail = `Timeline ${counts.timeline} · Factors ${counts.factors} · Actions ${counts.actions} · Learnings ${counts.learnings} · Summary ${counts.summary}`;
  const next = () => {
    // Timeline and factor notes are windowed (only those near the viewport are in the DOM): they
    // are found from the board's words, in the order they are shown, and revealed by id; marks
    // elsewhere (actions, learnings) are found in the page.
    const names = words.participants.map((p) => p.name).filter((n) => n.trim() !== '');
    const flagged = (text: string) => checkText(text, { participantNames: names }).length > 0;
    const targets: Array<{ key: string; selector: string } | HTMLElement> = [
      ...words.events.filter((e) => flagged(e.text)).map((e) => ({ key: eventRevealKey(e.id), selector: `.lane [data-event-id="${CSS.escape(e.id)}"]` })),
      ...arrangeColumns(words.factors, words.clusters)
        .flatMap((c) => [...c.clusters.flatMap((g) => g.factors), ...c.loose])
        .filter((f) => flagged(f.text))
        .map((f) => ({ key: factorRevealKey(f.id), selector: `.factor-column [data-factor-id="${CSS.escape(f.id)}"]` })),
      ...[...document.querySelectorAll<HTMLElement>('[data-coach-mark]')].filter((m) => !m.closest('.lane, .factor-column')),
    ];
    if (targets.length === 0) {
      showToast({ message: `The hints are in fields without a mark (${detail}).` });
      return;
    }
    lastShown.current = (lastShown.current + 1) % targets.length;
    const target = targets[lastShown.current]!;
    const found = target instanceof HTMLElement ? Promise.resolve(target.closest<HTMLElement>('article') ?? target) : revealItem(target.key, target.selector);
    void found.then((note) => {
      if (!note) return;
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      note.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'center' });
      note.querySelector<HTMLTextAreaElement>('textarea')?.focus({ preventScroll: true });
    });
  };
  return (
    <button type="button" className="coach-count" onClick={next} title={`Phrasing the coach would reframe: press to go to the next note with a hint. ${detail}`} data-testid="coach-count">
      {`${counts.total} phrasing hint${counts.total === 1 ? '' : 's'}`}
      <span className="visually-hidden">: go to the next</span>
    </button>
  );
}
