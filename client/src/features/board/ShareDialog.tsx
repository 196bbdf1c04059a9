// The facilitator's share panel: a participant link (can add and vote) and a view-only link
// (reads, downloads the report), each one click to copy.
import { useState } from 'react';
import { boardLink } from '../../services/api';
import { findKnownBoard } from '../../services/storage';
import { useBoard } from '../../sync/BoardContext';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { CheckIcon, CopyIcon } from '../../ui/icons';
import { showToast } from '../../ui/Toast';

export function ShareDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { connection } = useBoard();
  const links = open ? findKnownBoard(connection.boardId)?.links : undefined;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Invite people to the board"
      description="Anyone with a link can open the board; there are no accounts. Share each link only with the people it is for."
    >
      {links ? (
        <div className="share-links">
          <ShareLink
            label="Participant link"
            autoFocus
            description="For everyone in the review: they can add events and factors, vote, and write actions."
            url={boardLink(connection.boardId, links.participant)}
          />
          <ShareLink
            label="View-only link"
            description="For anyone who should follow along or read the outcome: they cannot change anything."
            url={boardLink(connection.boardId, links.viewer)}
          />
          <ShareLink
            label="Room screen link"
            description="For the meeting room's projector or TV: large text, the current phase only, the timer, and the note you point at. View only."
            url={boardLink(connection.boardId, links.viewer, 'projector')}
          />
        </div>
      ) : (
        <p className="share-links__missing">
          The share links are not known on this browser yet. Reconnect to the server and open this panel again.
        </p>
      )}
      <div className="dialog__footer">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </Dialog>
  );
}

function ShareLink({ label, description, url, autoFocus }: { label: string; description: string; url: string; autoFocus?: boolean }) {
  const [copied, setCopied] = useState(false);
  const id = label.toLowerCase().replace(/\W+/g, '-');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      showToast({ message: `${label} copied.` });
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (insecure context, permissions): select it for a manual copy.
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      showToast({ message: 'Press Ctrl+C to copy the selected link.' });
    }
  };
  return (
    <div className="share-link">
      <label className="share-link__label" htmlFor={id}>
        {label}
      </label>
      <p className="share-link__description">{description}</p>
      <div className="share-link__row">
        <input id={id} className="input share-link__url" value={url} readOnly onFocus={(e) => e.currentTarget.select()} />
        <Button variant="secondary" icon={copied ? <CheckIcon /> : <CopyIcon />} onClick={copy} aria-label={`Copy ${label.toLowerCase()}`} data-autofocus={autoFocus ? '' : undefined}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </div>
  );
}
