// "Write privately first" in the browser: where a new note goes (the board, or this person's own
// drafts document while the facilitator has the mode on for its section), and this person's
// private notes as plain data. The drafts document is opened with the board (sync/connection.ts).
import { useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { readEvents, readFactors } from '../../../../shared/board';
import type { DraftSection } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { facilitationStore } from '../../sync/facilitationHooks';
import { useBoardValue } from '../../sync/useBoardValue';

/** Read in place of the drafts of someone who has none (a bare link, a viewer): always empty. */
const NO_DRAFTS = new Y.Doc();

/** This person's drafts document, or null when they have none (a bare link or a viewer). */
export function useDraftsDoc(): Y.Doc | null {
  return useBoard().connection.drafts;
}

/** Whether the facilitator has "Write privately first" on for a section. */
export function usePrivateWriting(section: DraftSection): boolean {
  const store = facilitationStore(useBoard().facilitation);
  const read = () => store.getSnapshot().privateWriting[section];
  return useSyncExternalStore(store.subscribe, read, read);
}

/** Where this person's new notes in `section` go: their drafts while the mode is on, else the
 * board. `blocked`: the mode is on but this browser is nobody (a bare link), so it has no drafts;
 * writing to the board instead would show the note to everyone, so nothing is added. */
export function useWriteTarget(section: DraftSection): { doc: Y.Doc; isPrivate: boolean; blocked: boolean } {
  const { doc } = useBoard();
  const drafts = useDraftsDoc();
  const on = usePrivateWriting(section);
  if (!on) return { doc, isPrivate: false, blocked: false };
  return drafts ? { doc: drafts, isPrivate: true, blocked: false } : { doc, isPrivate: false, blocked: true };
}

/** Why a note was not added while writing privately without drafts. */
export const NO_DRAFTS_MESSAGE = 'Notes are written privately first here: join the board under your name to add yours.';

/** This person's private timeline events, in time order. */
export function useMyDraftEvents() {
  return useBoardValue(useDraftsDoc() ?? NO_DRAFTS, readEvents);
}

/** This person's private factors. */
export function useMyDraftFactors() {
  return useBoardValue(useDraftsDoc() ?? NO_DRAFTS, readFactors);
}
