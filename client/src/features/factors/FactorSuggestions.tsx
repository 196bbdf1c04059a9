// Under the factor composer: factors of other reviews of the workspace that read like the one being
// written (the server compares wordings on its own index: docs/library.md), each with "Same as
// this" to link the new factor to it. The links go into the factor when it is added, and show in
// the report ("same as in <review>") and on the themes page. Only workspace members get
// suggestions: someone who opened the board with its link alone sees none (the server says 401,
// and this browser stops asking for the rest of the visit).
import { useEffect, useState } from 'react';
import type { EarlierFactor } from '../../../../shared/board';
import { significantWords, SUGGEST_MIN_LENGTH, type FactorSuggestion } from '../../../../shared/library';
import { ApiFailure } from '../../services/api';
import { fetchSimilarFactors } from '../../services/workspace';
import { Button } from '../../ui/Button';

/** Quiet time after a keystroke before asking (a burst of typing asks once). */
const DEBOUNCE_MS = 350;
/** Set once the server said this browser is not a member: suggestions stay off until a reload. */
let notAMember = false;

const toLink = (s: FactorSuggestion): EarlierFactor => ({
  boardId: s.boardId,
  factorId: s.factorId,
  reviewTitle: s.reviewTitle,
  incidentDate: s.incidentDate,
  text: s.text,
});
const keyOf = (l: { boardId: string; factorId: string }) => `${l.boardId}/${l.factorId}`;

/** The suggestions for `text`, and the links picked so far (cleared by the composer after adding). */
export function FactorSuggestions({
  text,
  boardId,
  picked,
  onPick,
}: {
  text: string;
  boardId: string;
  picked: EarlierFactor[];
  onPick: (links: EarlierFactor[]) => void;
}) {
  const [suggestions, setSuggestions] = useState<FactorSuggestion[]>([]);
  const enough = text.trim().length >= SUGGEST_MIN_LENGTH && significantWords(text).length >= 2;
  useEffect(() => {
    if (!enough || notAMember) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchSimilarFactors(text, boardId, controller.signal).then(
        ({ items }) => setSuggestions(items),
        (error: unknown) => {
          if (error instanceof ApiFailure && error.status === 401) notAMember = true;
          // Suggestions are a help, never in the way: a failure shows nothing.
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, boardId, enough]);

  const pickedKeys = new Set(picked.map(keyOf));
  const shown = enough ? suggestions : [];
  if (shown.length === 0 && picked.length === 0) return null;
  const toggle = (s: FactorSuggestion) =>
    onPick(pickedKeys.has(keyOf(s)) ? picked.filter((l) => keyOf(l) !== keyOf(s)) : [...picked, toLink(s)]);
  return (
    <div className="factor-suggestions">
      {picked.length > 0 && (
        <p className="factor-same-as" aria-live="polite">
          Same as in {picked.map((l) => l.reviewTitle || 'Untitled postmortem').join(', ')}
        </p>
      )}
      {shown.length > 0 && (
        <>
          <p className="factor-suggestions__title" id="factor-suggestions-title">
            Seen in earlier reviews
          </p>
          <ul aria-labelledby="factor-suggestions-title">
            {shown.map((s) => {
              const on = pickedKeys.has(keyOf(s));
              return (
                <li key={keyOf(s)} className="factor-suggestion">
                  <span className="factor-suggestion__text">{s.text}</span>
                  <span className="factor-suggestion__where">
                    {s.reviewTitle || 'Untitled postmortem'}
                    {s.incidentDate && ` · ${s.incidentDate}`}
                    {s.actions > 0 && ` · ${s.actionsDone} of ${s.actions} ${s.actions === 1 ? 'action' : 'actions'} done`}
                  </span>
                  <Button type="button" size="sm" variant={on ? 'primary' : 'secondary'} aria-pressed={on} onClick={() => toggle(s)}>
                    Same as this
                  </Button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
