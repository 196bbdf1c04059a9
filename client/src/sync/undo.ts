// Undo for a person's own edits (Y.UndoManager tracks LOCAL_ORIGIN only, so a peer's work is
// never taken back): the Ctrl/Cmd+Z shortcuts, the undo/redo state, and "Deleted. Undo".
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { showToast } from '../ui/Toast';

/** Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo. Inputs marked `data-native-undo` (drafts
 * not yet on the board) keep the browser's own undo. */
export function useUndoShortcuts(undoManager: Y.UndoManager | null): void {
  useEffect(() => {
    if (!undoManager) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      const isUndo = key === 'z' && !e.shiftKey;
      const isRedo = (key === 'z' && e.shiftKey) || (key === 'y' && e.ctrlKey && !e.metaKey);
      if (!isUndo && !isRedo) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('[data-native-undo]')) return;
      e.preventDefault();
      if (isUndo) undoManager.undo();
      else undoManager.redo();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [undoManager]);
}

export function useUndoState(undoManager: Y.UndoManager | null): { canUndo: boolean; canRedo: boolean } {
  const store = useMemo(() => {
    let snapshot = { canUndo: false, canRedo: false };
    const read = () => {
      const next = { canUndo: (undoManager?.undoStack.length ?? 0) > 0, canRedo: (undoManager?.redoStack.length ?? 0) > 0 };
      if (next.canUndo !== snapshot.canUndo || next.canRedo !== snapshot.canRedo) snapshot = next;
      return snapshot;
    };
    return {
      subscribe(onChange: () => void) {
        if (!undoManager) return () => {};
        const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
        events.forEach((e) => undoManager.on(e, onChange));
        return () => events.forEach((e) => undoManager.off(e, onChange));
      },
      getSnapshot: read,
    };
  }, [undoManager]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/**
 * Runs a deletion as its own undo step and offers to take it back. The toast's Undo reverts
 * exactly that deletion; if newer edits of this person came after it, Ctrl+Z steps back in order.
 */
export function deleteWithUndo(undoManager: Y.UndoManager | null, what: string, remove: () => void): void {
  undoManager?.stopCapturing();
  remove();
  if (!undoManager) return;
  undoManager.stopCapturing();
  const item = undoManager.undoStack[undoManager.undoStack.length - 1];
  showToast({
    message: `${what} deleted.`,
    action: {
      label: 'Undo',
      onAction: () => {
        if (item && undoManager.undoStack[undoManager.undoStack.length - 1] === item) undoManager.undo();
        else showToast({ message: 'Newer edits came after it. Press Ctrl+Z to step back through them.' });
      },
    },
  });
}
