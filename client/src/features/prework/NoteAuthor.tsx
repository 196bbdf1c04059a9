// Who wrote a note: shown small and muted after its text, only while the facilitator has the board
// show authors, and only on notes written while it did (anonymous notes carry no name at all).
import { useSyncExternalStore } from 'react';
import { useBoard } from '../../sync/BoardContext';
import { facilitationStore, useAuthorName } from '../../sync/facilitationHooks';
import './prework.css';

/** Whether the board shows authors; re-renders only when that changes. */
export function useShowAuthors(): boolean {
  const store = facilitationStore(useBoard().facilitation);
  const read = () => store.getSnapshot().showAuthors;
  return useSyncExternalStore(store.subscribe, read, read);
}

export function NoteAuthor({ author, className }: { author: string; className?: string }) {
  const show = useShowAuthors();
  if (!show || author.trim() === '') return null;
  return (
    <span className={`note-author${className ? ` ${className}` : ''}`}>
      <span aria-hidden="true">— </span>
      <span className="visually-hidden">Written by </span>
      {author}
    </span>
  );
}

/** Under a composer while the board shows authors: says this person's name goes on what they add. */
export function AuthorHint({ className }: { className?: string }) {
  const author = useAuthorName();
  if (author === undefined) return null;
  return (
    <p className={`author-hint${className ? ` ${className}` : ''}`}>
      Adding as <strong>{author}</strong>: the board shows who wrote each note.
    </p>
  );
}
