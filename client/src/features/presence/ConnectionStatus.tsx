// The connection in a word (Connected, Reconnecting, Offline, Disconnected), with how many of this
// person's changes the server has not confirmed yet; and, when the server has refused the board
// for good, a banner that says what happened and what to do next.
import { exhaustiveSwitchError } from '../../../../shared/protocol';
import { useEffect, useState } from 'react';
import { ApiFailure, fetchSession } from '../../services/api';
import { navigate } from '../../services/router';
import { useBoard, useConnectionStatus } from '../../sync/BoardContext';
import type { ConnectionStatus as Status, Refusal } from '../../sync/connection';
import { Button } from '../../ui/Button';
import { WarningIcon } from '../../ui/icons';
import './presence.css';

type Tone = 'ok' | 'busy' | 'off' | 'bad';

const changes = (n: number) => (n === 1 ? '1 change' : `${n.toLocaleString('en')} changes`);

/** The short note beside the label while changes wait, e.g. "3 changes not sent yet". */
function unsentNote(status: Status): string | null {
  return status.unsent > 0 ? `${changes(status.unsent)} not sent yet` : null;
}

/** Where unsent changes are while they wait, in a sentence. */
function whereUnsentAre(status: Status, when: string): string {
  if (status.unsent === 0) return 'Everything you wrote before has reached the server.';
  const waiting = status.unsent === 1 ? '1 change of yours is' : `${changes(status.unsent)} of yours are`;
  return status.keptOnDevice
    ? `${waiting} saved on this device and will be sent ${when}.`
    : `${waiting} waiting in this tab and will be sent ${when}. Keep the tab open until then.`;
}

function describe(status: Status): { label: string; note: string | null; tone: Tone; detail: string } {
  switch (status.state) {
    case 'connected':
      if (!status.synced) {
        return { label: 'Syncing…', note: unsentNote(status), tone: 'busy', detail: 'Catching up with the board.' };
      }
      if (status.unsent > 0 && status.slow) {
        return {
          label: 'Connected',
          note: `sending ${changes(status.unsent)}…`,
          tone: 'busy',
          detail: `The server has not confirmed ${changes(status.unsent)} yet. ${status.keptOnDevice ? 'They are saved on this device meanwhile.' : ''}`.trim(),
        };
      }
      return {
        label: 'Connected',
        note: null,
        tone: 'ok',
        detail:
          status.unsent > 0
            ? 'Changes reach everyone as you type. Saving your latest ones on the server…'
            : 'Changes reach everyone as you type. All of yours are saved on the server.',
      };
    case 'connecting':
      return { label: 'Connecting…', note: unsentNote(status), tone: 'busy', detail: 'Opening a connection to the board.' };
    case 'reconnecting':
      return {
        label: 'Reconnecting…',
        note: unsentNote(status),
        tone: 'busy',
        detail: `The connection dropped; trying again. ${whereUnsentAre(status, 'as soon as it is back')}`,
      };
    case 'offline':
      return {
        label: 'Offline',
        note: unsentNote(status),
        tone: 'off',
        detail:
          status.reason === 'browser'
            ? `This device has no network. Keep working: ${whereUnsentAre(status, 'when you are back online')}`
            : `The Debrief server cannot be reached; still trying. Keep working: ${whereUnsentAre(status, 'when it is back')}`,
      };
    case 'refused':
      return { label: 'Disconnected', note: null, tone: 'bad', detail: refusalText(status.reason, status.unsent).title };
    default:
      return exhaustiveSwitchError(status);
  }
}

/** What a refusal means for the person, and what they can do about it. */
function refusalText(reason: Refusal, unsent: number): { title: string; next: string } {
  switch (reason) {
    case 'deleted':
      return {
        title: 'This board was deleted by its facilitator.',
        next: 'Its copy in this browser has been removed too. What is on screen goes away when you leave this page, so copy anything you still need now.',
      };
    case 'unauthorized':
      return {
        title: 'This link no longer works.',
        next:
          unsent > 0
            ? `Ask the facilitator for a new one and open it here: the ${changes(unsent)} not sent yet are kept in this browser and will be sent then.`
            : 'Ask the facilitator for a new one.',
      };
    case 'revoked':
      return {
        title: 'The facilitator replaced the link this page was opened with.',
        next:
          unsent > 0
            ? `Ask a facilitator for the new link and open it here: the ${changes(unsent)} not sent yet are kept in this browser and will be sent then.`
            : 'Ask a facilitator for the new link.',
      };
    case 'tooLarge':
      return {
        title: 'This board is full: your last change would make it larger than this server allows.',
        next: `That change was not saved${unsent > 0 ? ` (${changes(unsent)} kept in this browser only)` : ''}. Copy what you still need, and ask the facilitator to make room or to start a new board.`,
      };
    default:
      return exhaustiveSwitchError(reason);
  }
}

/** For a replaced link, the server's own words: they name the facilitators to ask. */
function useRevokedMessage(active: boolean): string | null {
  const { connection, token } = useBoard();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!active) return;
    let current = true;
    fetchSession(connection.boardId, token).then(
      () => undefined,
      (err: unknown) => {
        if (current && err instanceof ApiFailure && err.code === 'LINK_REVOKED') setMessage(err.message);
      },
    );
    return () => {
      current = false;
    };
  }, [active, connection.boardId, token]);
  return message;
}

export function ConnectionStatusPill() {
  const { connection } = useBoard();
  const status = useConnectionStatus(connection);
  const { label, note, tone, detail } = describe(status);
  return (
    <span className={`status-pill status-pill--${tone}`} role="status" title={detail}>
      <span className="status-pill__dot" aria-hidden="true" />
      <span className="status-pill__label">{label}</span>
      {note && <span className="status-pill__note">{note}</span>}
      <span className="visually-hidden">. {detail}</span>
    </span>
  );
}

export function RefusedBanner() {
  const { connection } = useBoard();
  const status = useConnectionStatus(connection);
  const revokedMessage = useRevokedMessage(status.state === 'refused' && status.reason === 'revoked');
  if (status.state !== 'refused') return null;
  const text = refusalText(status.reason, status.unsent);
  const title = status.reason === 'revoked' && revokedMessage ? revokedMessage : text.title;
  const next = status.reason === 'revoked' && revokedMessage ? (status.unsent > 0 ? text.next.replace(/^Ask a facilitator for the new link and open it here: /, 'Open the new link here: ') : '') : text.next;
  return (
    <div className="refused-banner" role="alert">
      <WarningIcon />
      <p className="refused-banner__text">
        <strong>{title}</strong> {next}
      </p>
      <Button variant="secondary" size="sm" onClick={() => navigate('/')}>
        Go to your boards
      </Button>
    </div>
  );
}
