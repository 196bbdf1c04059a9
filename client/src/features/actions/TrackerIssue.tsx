// An action item's issue in the team's tracker (docs/trackers.md): "Send to <tracker>" for the
// facilitator, then the issue's key as a link, or what went wrong in plain words with Retry. What
// is shown comes from the board document (the server writes it), so everyone sees it live.
import { createContext, useContext, useEffect, useState } from 'react';
import { readActionTrackers, type ActionItem } from '../../../../shared/board';
import { ApiFailure, fetchTrackers, sendActionToTracker, type BoardTracker } from '../../services/api';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';
import { Button } from '../../ui/Button';

/** The board's trackers, fetched once per board for a facilitator (none for anyone else). */
export const TrackersContext = createContext<BoardTracker[]>([]);

/** Loads the board's trackers for a facilitator of an open board. */
export function useBoardTrackers(): BoardTracker[] {
  const { connection, token, isFacilitator, closed } = useBoard();
  const [trackers, setTrackers] = useState<BoardTracker[]>([]);
  useEffect(() => {
    if (!isFacilitator || closed) return;
    const abort = new AbortController();
    fetchTrackers(connection.boardId, token, abort.signal).then(
      (answer) => setTrackers(answer.trackers),
      () => setTrackers([]),
    );
    return () => abort.abort();
  }, [connection.boardId, token, isFacilitator, closed]);
  return trackers;
}

export const useActionTrackers = () => useBoardValue(useBoard().doc, readActionTrackers);

export function TrackerIssue({ action, name }: { action: ActionItem; name: string }) {
  const { connection, token, isFacilitator, closed } = useBoard();
  const trackers = useContext(TrackersContext);
  const issue = useActionTrackers().get(action.id);
  const [pending, setPending] = useState(false);
  const [requestError, setRequestError] = useState<string | null>(null);
  const mayAct = isFacilitator && !closed;

  const send = async (trackerId: string, retry: boolean) => {
    setPending(true);
    setRequestError(null);
    try {
      await sendActionToTracker(connection.boardId, token, action.id, trackerId, retry);
    } catch (error) {
      setRequestError(error instanceof ApiFailure ? error.message : 'Sending failed. Try again.');
    } finally {
      setPending(false);
    }
  };

  if (issue?.state === 'sent') {
    return (
      <span className="tracker-issue">
        {issue.url ? (
          <a href={issue.url} target="_blank" rel="noreferrer" aria-label={`${issue.tracker} issue ${issue.key} for “${name}”`}>
            {issue.tracker} {issue.key}
          </a>
        ) : (
          <span>
            {issue.tracker} {issue.key}
          </span>
        )}
        {issue.issueState === 'closed' && <span className="tracker-issue__state"> closed</span>}
      </span>
    );
  }
  if (issue?.state === 'sending') {
    return (
      <span className="tracker-issue" role="status">
        Sending to {issue.tracker}…
      </span>
    );
  }
  const tracker = trackers[0];
  return (
    <span className="tracker-issue">
      {issue?.state === 'failed' && (
        <span className="tracker-issue__error" role="alert">
          {issue.error}
          {issue.retryAt > Date.now() && ` Next try at ${new Date(issue.retryAt).toLocaleTimeString()}.`}
        </span>
      )}
      {requestError && (
        <span className="tracker-issue__error" role="alert">
          {requestError}
        </span>
      )}
      {mayAct &&
        (issue?.state === 'failed' ? (
          tracker && (
            <Button size="sm" disabled={pending} onClick={() => void send(tracker.id, true)} aria-label={`Retry sending “${name}” to ${tracker.name}`}>
              Retry
            </Button>
          )
        ) : (
          trackers.map((t) => (
            <Button key={t.id} size="sm" disabled={pending} onClick={() => void send(t.id, false)} aria-label={`Send “${name}” to ${t.name}`}>
              Send to {t.name}
            </Button>
          ))
        ))}
    </span>
  );
}
