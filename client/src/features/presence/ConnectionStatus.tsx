// The connection in a word (Connected, Reconnecting, Offline), and, when the server has refused
// the board for good, a banner that says why.
import { exhaustiveSwitchError } from '../../../../shared/protocol';
import { useBoard, useConnectionStatus } from '../../sync/BoardContext';
import type { ConnectionStatus as Status } from '../../sync/connection';
import { WarningIcon } from '../../ui/icons';
import './presence.css';

function describe(status: Status): { label: string; tone: 'ok' | 'busy' | 'off' | 'bad'; detail: string } {
  switch (status.state) {
    case 'connected':
      return status.synced
        ? { label: 'Connected', tone: 'ok', detail: 'Changes reach everyone as you type.' }
        : { label: 'Syncing…', tone: 'busy', detail: 'Catching up with the board.' };
    case 'connecting':
      return { label: 'Connecting…', tone: 'busy', detail: 'Opening a connection to the board.' };
    case 'reconnecting':
      return { label: 'Reconnecting…', tone: 'busy', detail: 'Your changes are kept in this browser and sent when the connection is back.' };
    case 'offline':
      return {
        label: 'Offline',
        tone: 'off',
        detail:
          status.reason === 'browser'
            ? 'This device is offline. Keep working: changes are saved here and sync when you are back.'
            : 'The server cannot be reached. Keep working: changes are saved here and sync when it is back.',
      };
    case 'refused':
      return { label: 'Disconnected', tone: 'bad', detail: status.message };
    default:
      return exhaustiveSwitchError(status);
  }
}

export function ConnectionStatusPill() {
  const { connection } = useBoard();
  const status = useConnectionStatus(connection);
  const { label, tone, detail } = describe(status);
  return (
    <span className={`status-pill status-pill--${tone}`} role="status" title={detail}>
      <span className="status-pill__dot" aria-hidden="true" />
      <span className="status-pill__label">{label}</span>
      <span className="visually-hidden">. {detail}</span>
    </span>
  );
}

export function RefusedBanner() {
  const { connection } = useBoard();
  const status = useConnectionStatus(connection);
  if (status.state !== 'refused') return null;
  return (
    <div className="refused-banner" role="alert">
      <WarningIcon />
      <span>{status.message}</span>
    </div>
  );
}
