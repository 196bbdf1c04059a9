// The facilitator's side of "Write privately first", in the timeline and factors sections: the
// toggle for the section, how many private notes each person has waiting (names and numbers, never
// contents: the server answers only that), and Reveal, which has the server move every person's
// drafts into the board. The counts are read over HTTP: once when the section shows, and every
// POLL_MS while private writing is on in it (with it off, nobody writes new drafts there).
import { useCallback, useEffect, useId, useState } from 'react';
import { setPrivateWriting, type DraftSection } from '../../../../shared/facilitation';
import type { DraftCount } from '../../../../shared/protocol';
import { ApiFailure, fetchDraftCounts, revealDrafts } from '../../services/api';
import { useBoard } from '../../sync/BoardContext';
import { announce } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/Field';
import { EyeIcon } from '../../ui/icons';
import { usePrivateWriting } from './draftsHooks';
import './drafts.css';

/** How often the counts are read again while the section shows. */
const POLL_MS = 2_000;

const sameCounts = (a: DraftCount[], b: DraftCount[]) =>
  a.length === b.length && a.every((c, i) => JSON.stringify(c) === JSON.stringify(b[i]));

const countIn = (c: DraftCount, section: DraftSection) => (section === 'timeline' ? c.events : c.factors);

export function DraftsControls({ section }: { section: DraftSection }) {
  const { isFacilitator, canEdit, facilitation, ctx, connection, token } = useBoard();
  const on = usePrivateWriting(section);
  const id = useId();
  const [counts, setCounts] = useState<DraftCount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);

  const refresh = useCallback(() => {
    fetchDraftCounts(connection.boardId, token).then(
      // The same counts keep the same array: no re-render every poll.
      (answer) => setCounts((before) => (sameCounts(before, answer.people) ? before : answer.people)),
      () => undefined, // offline: keep what was shown
    );
  }, [connection.boardId, token]);

  useEffect(() => {
    if (!isFacilitator) return;
    refresh();
    if (!on) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [isFacilitator, refresh, on]);

  if (!isFacilitator) return null;
  const waiting = counts.filter((c) => countIn(c, section) > 0);
  const total = waiting.reduce((n, c) => n + countIn(c, section), 0);
  const noun = section === 'timeline' ? 'events' : 'factors';

  const reveal = async () => {
    setRevealing(true);
    setError(null);
    try {
      const moved = await revealDrafts(connection.boardId, token);
      const n = moved.events + moved.factors;
      announce(n === 0 ? 'No private notes were waiting.' : `Revealed ${n} private ${n === 1 ? 'note' : 'notes'}.`);
      refresh();
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'The notes could not be revealed. Try again.');
    } finally {
      setRevealing(false);
    }
  };

  return (
    <div className="drafts-controls" role="group" aria-labelledby={`${id}-label`}>
      <label className="drafts-controls__toggle">
        <input
          type="checkbox"
          checked={on}
          disabled={!canEdit}
          onChange={(e) => setPrivateWriting(facilitation, section, e.target.checked, ctx)}
          aria-describedby={`${id}-help`}
        />
        <span id={`${id}-label`}>Write privately first</span>
      </label>
      <p id={`${id}-help`} className="drafts-controls__help">
        {on
          ? `Each person’s new ${noun} stay private until you reveal them. You see how many, not what they say.`
          : `Turn on to have everyone write their own ${noun} before seeing anyone else’s.`}
      </p>
      {(on || total > 0) && (
        <>
          <h3 className="visually-hidden">Private {noun} waiting</h3>
          {waiting.length === 0 ? (
            <p className="drafts-controls__none">No private {noun} waiting yet.</p>
          ) : (
            <ul className="drafts-controls__counts" aria-label={`Private ${noun} waiting, per person`}>
              {waiting.map((c) => (
                <li key={c.personId} className="drafts-count">
                  <span className="drafts-count__name">{c.name}</span>{' '}
                  <span className="drafts-count__n" aria-label={`${countIn(c, section)} private ${countIn(c, section) === 1 ? noun.slice(0, -1) : noun}`}>
                    {countIn(c, section)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Button variant="primary" size="sm" icon={<EyeIcon size={14} />} onClick={() => void reveal()} disabled={revealing || !canEdit}>
            {revealing ? 'Revealing…' : 'Reveal private notes'}
          </Button>
          {error && <InlineError>{error}</InlineError>}
        </>
      )}
    </div>
  );
}
