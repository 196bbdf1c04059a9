// An action item's issue in the team's tracker (docs/trackers.md): "Send to <tracker>" for the
// facilitator (or all of the review's unsent items at once), then the issue's key as a link, or
// what went wrong in plain words with Retry. What is shown comes from the board document (the
// server writes it), so everyone sees it live. The trackers are the workspace's: its admin
// connects them on the Trackers page.
import { createContext, useContext, useEffect, useState } from 'react';
import { readActionTrackers, type ActionItem } from '../../../../shared/board';
import { ApiFailure, fetchTrackers, sendActionToTracker, sendAllToTracker, type BoardTracker } from '../../services/api';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';
import { Button } from '../../ui/Button';

/** The board's trackers, fetched once per board for a facilitator (none for anyone else). */
export const TrackersContext = createContext<BoardTracker[]>([]);

/** Loads the trackers a facilitator of an open board may send to. */
export function useBoardTrackers(): { trackers: BoardTracker[]; canStoreCredentials: boolean } {
  const { connection, token, isFacilitator, closed } = useBoard();
  const [trackers, setTrackers] = useState<BoardTracker[]>([]);
  const [canStoreCredentials, setCanStore] = useState(false);
  useEffect(() => {
    if (!isFacilitator || closed) return;
    const abort = new AbortController();
    fetchTrackers(connection.boardId, token, abort.signal).then(
      (answer) => {
        setTrackers(answer.trackers);
        setCanStore(answer.canStoreCredentials);
      },
      () => setTrackers([]),
    );
    return () => abort.abort();
  }, [connection.boardId, token, isFacilitator, closed]);
  return { trackers, canStoreCredentials };
}

/** Where a facilitator without a tracker learns who connects one. */
export function NoTrackerHint() {
  return (
    <p className="tracker-hint">
      No tracker is connected. A workspace admin connects GitHub, GitLab, Jira or Linear on the <a href="/trackers">Trackers</a> page; then
      action items can be sent from here.
    </p>
  );
}

/** "Send all to <tracker>": every action item of the review not sent yet, one at a time. */
export function SendAllToTracker({ actions }: { actions: readonly ActionItem[] }) {
  const { connection, token } = useBoard();
  const trackers = useContext(TrackersContext);
  const issues = useActionTrackers();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ error: boolean; text: string } | null>(null);
  const unsent = actions.filter((a) => issues.get(a.id)?.state !== 'sent' && issues.get(a.id)?.state !== 'sending').length;
  if (trackers.length === 0 || (unsent === 0 && !outcome)) return null;

  const sendAll = async (tracker: BoardTracker) => {
    setPending(true);
    setOutcome(null);
    try {
      const { sent } = await sendAllToTracker(connection.boardId, token, tracker.id);
      const failed = sent.filter((s) => s.issue.state === 'failed').length;
      setOutcome({
        error: failed > 0,
        text: failed > 0 ? `${failed} of ${sent.length} could not be sent to ${tracker.name}: see each item.` : `All ${sent.length} action items are in ${tracker.name}.`,
      });
    } catch (error) {
      setOutcome({ error: true, text: error instanceof ApiFailure ? error.message : 'Sending failed. Try again.' });
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="tracker-send-all">
      {unsent > 0 &&
        trackers.map((t) => (
          <Button key={t.id} size="sm" disabled={pending} onClick={() => void sendAll(t)} aria-label={`Send all ${unsent} unsent action items to ${t.name} ${t.project}`}>
            Send all {unsent} to {t.name}
          </Button>
        ))}
      {pending && <span role="status">Sending…</span>}
      {outcome && (
        <span role={outcome.error ? 'alert' : 'status'} className={outcome.error ? 'tracker-issue__error' : undefined}>
          {outcome.text}
        </span>
      )}
    </div>
  );
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
