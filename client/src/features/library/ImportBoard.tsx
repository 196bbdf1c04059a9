// "Import a board": a board's JSON export (from this or another Debrief server) stored here as it
// was (docs/export.md). The server checks the whole file before storing anything; its refusal is
// shown as it is, since it says what is wrong with the file and that nothing was imported.
import { useId, useRef, useState } from 'react';
import type { ImportBoardResponse } from '../../../../shared/transfer';
import { navigate } from '../../services/router';
import { importBoardFile } from '../../services/transfer';

type ImportState = { state: 'idle' } | { state: 'busy'; name: string } | { state: 'done'; result: ImportBoardResponse } | { state: 'failed'; name: string; message: string };

export function ImportBoard() {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<ImportState>({ state: 'idle' });
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setStatus({ state: 'busy', name: file.name });
    try {
      const result = await importBoardFile(await file.text());
      setStatus({ state: 'done', result });
    } catch (error) {
      setStatus({ state: 'failed', name: file.name, message: error instanceof Error ? error.message : String(error) });
    } finally {
      // The same file can be chosen again (after fixing what the message said).
      if (input.current) input.current.value = '';
    }
  };
  return (
    <section className="library-import" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="workspace__subtitle">
        Import a board
      </h2>
      <p className="library-import__hint">A board’s “Export JSON” file, from this server or another: it comes back with its people, dots, private drafts and links.</p>
      <label htmlFor={inputId} className="btn btn--secondary">
        Choose an export (.json)
      </label>
      <input
        ref={input}
        id={inputId}
        className="visually-hidden"
        type="file"
        accept="application/json,.json"
        aria-label="Import a board from its JSON export"
        disabled={status.state === 'busy'}
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      <div aria-live="polite">
        {status.state === 'busy' && <p>Importing {status.name}…</p>}
        {status.state === 'done' && (
          <p className="callout" role="status">
            Imported{' '}
            <a
              href={status.result.link}
              onClick={(e) => {
                e.preventDefault();
                navigate(status.result.link);
              }}
            >
              {status.result.title || 'Untitled review'}
            </a>
            .
            {status.result.missingLinkedBoards.length > 0 &&
              ` ${status.result.missingLinkedBoards.length === 1 ? 'One earlier board it links to is' : `${status.result.missingLinkedBoards.length} earlier boards it links to are`} not on this server; import ${status.result.missingLinkedBoards.length === 1 ? 'it' : 'them'} first to keep the link.`}
          </p>
        )}
      </div>
      {status.state === 'failed' && (
        <p className="callout callout--warning" role="alert">
          {status.name}: {status.message}
        </p>
      )}
    </section>
  );
}
