// The "More" menu: on a phone the incident's details (the title's line has no room there), the room
// screen (projector view), change your name; sign in or out when the
// server offers sign-in; for the facilitator, delete the board.
import { useState } from 'react';
import { ApiFailure, deleteBoard } from '../../services/api';
import { navigate } from '../../services/router';
import { forgetDeletedBoard } from '../../services/storage';
import { useBoard } from '../../sync/BoardContext';
import { Button, IconButton } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { InlineError } from '../../ui/Field';
import { Popover } from '../../ui/Popover';
import { showToast } from '../../ui/Toast';
import { signInHref, useSignIn } from '../../services/signIn';
import { SignOutForm } from '../account/SignInControl';

export function BoardMenu({ onEditName, onIncidentDetails }: { onEditName?: (() => void) | undefined; onIncidentDetails: () => void }) {
  const { isFacilitator, connection } = useBoard();
  const [confirming, setConfirming] = useState(false);
  const signIn = useSignIn();
  const offersSignIn = signIn?.available === true;
  return (
    <>
      <Popover
        label="More"
        role="menu"
        align="end"
        trigger={(props) => (
          <IconButton label="More" {...props}>
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
              <circle cx="3.5" cy="8" r="1.3" />
              <circle cx="8" cy="8" r="1.3" />
              <circle cx="12.5" cy="8" r="1.3" />
            </svg>
          </IconButton>
        )}
      >
        {(close) => (
          <>
            {/* Only where the title's line does not show (a phone): menu-item--narrow. */}
            <button
              type="button"
              role="menuitem"
              className="menu-item menu-item--narrow"
              onClick={() => {
                close();
                onIncidentDetails();
              }}
            >
              Incident details
            </button>
            <button
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                close();
                // A new window for the room's screen; it finds this browser's token for the board.
                window.open(`/b/${encodeURIComponent(connection.boardId)}/projector`, '_blank', 'noopener');
              }}
            >
              Open the room screen (projector)
            </button>
            {onEditName && (
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => {
                  close();
                  onEditName();
                }}
              >
                Change your name
              </button>
            )}
            {offersSignIn &&
              (signIn.person ? (
                <>
                  <p className="menu-note">Signed in as {signIn.person.name}</p>
                  <SignOutForm asMenuItem />
                </>
              ) : (
                <a role="menuitem" className="menu-item" href={signInHref()}>
                  Sign in
                </a>
              ))}
            {isFacilitator && (
              <button
                type="button"
                role="menuitem"
                className="menu-item menu-item--danger"
                onClick={() => {
                  close();
                  setConfirming(true);
                }}
              >
                Delete board…
              </button>
            )}
          </>
        )}
      </Popover>
      {isFacilitator && <DeleteBoardDialog open={confirming} onClose={() => setConfirming(false)} />}
    </>
  );
}

function DeleteBoardDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { connection, token } = useBoard();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteBoard(connection.boardId, token);
      void forgetDeletedBoard(connection.boardId);
      showToast({ message: 'Board deleted.' });
      navigate('/');
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiFailure ? err.message : 'The board could not be deleted.');
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Delete this board?"
      description="Everyone loses access to it, and its links stop working. Download the report first if you want to keep it. This cannot be undone."
    >
      {error && <InlineError>{error}</InlineError>}
      <div className="dialog__footer">
        <Button variant="ghost" onClick={onClose}>
          Keep the board
        </Button>
        <Button variant="danger" onClick={confirm} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete board'}
        </Button>
      </div>
    </Dialog>
  );
}
