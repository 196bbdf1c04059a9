// An action item's issue in the team's tracker (docs/trackers.md): "Send to <tracker>" for the
// facilitator, then the issue's key as a link, or what went wrong in plain words with Retry. What
// is shown comes from the board document (the server writes it), so everyone sees it live.
import { createContext, useContext, useEffect, useState, type FormEvent } from 'react';
import { readActionTrackers, type ActionItem } from '../../../../shared/board';
import { ApiFailure, configureTracker, fetchTrackers, sendActionToTracker, type BoardTracker } from '../../services/api';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';
import { Button } from '../../ui/Button';
import { Field, InlineError } from '../../ui/Field';

/** The board's trackers, fetched once per board for a facilitator (none for anyone else). */
export const TrackersContext = createContext<BoardTracker[]>([]);

/** Loads the board's trackers for a facilitator of an open board; `add` appends a new one. */
export function useBoardTrackers(): { trackers: BoardTracker[]; canStoreCredentials: boolean; add: (t: BoardTracker) => void } {
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
  return { trackers, canStoreCredentials, add: (t) => setTrackers((list) => [...list, t]) };
}

const KINDS: { kind: BoardTracker['kind']; name: string; baseUrl: string; project: string; credentials: string }[] = [
  { kind: 'github', name: 'GitHub', baseUrl: 'https://api.github.com', project: 'Repository (owner/repo)', credentials: 'Token' },
  { kind: 'gitlab', name: 'GitLab', baseUrl: 'https://gitlab.com', project: 'Project (id or group/project)', credentials: 'Token' },
  { kind: 'jira', name: 'Jira', baseUrl: 'https://your-site.atlassian.net', project: 'Project key', credentials: 'email:API token' },
  { kind: 'linear', name: 'Linear', baseUrl: 'https://api.linear.app', project: 'Team id', credentials: 'API key' },
];

/** The facilitator connects a tracker: where it is, which project, the token, the webhook secret. */
export function ConnectTracker({ onConnected }: { onConnected: (t: BoardTracker) => void }) {
  const { connection, token } = useBoard();
  const trackers = useContext(TrackersContext);
  const [kind, setKind] = useState<BoardTracker['kind']>('github');
  const spec = KINDS.find((k) => k.kind === kind)!;
  const [baseUrl, setBaseUrl] = useState('');
  const [project, setProject] = useState('');
  const [credentials, setCredentials] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState<BoardTracker | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const tracker = await configureTracker(connection.boardId, token, { kind, baseUrl: baseUrl.trim() || spec.baseUrl, project: project.trim(), credentials, webhookSecret });
      setCredentials('');
      setWebhookSecret('');
      setConnected(tracker);
      onConnected(tracker);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'The tracker could not be connected. Try again.');
    }
  };

  if (connected) {
    return (
      <p className="tracker-connect__done" role="status">
        {connected.name} connected. In {connected.name}, send issue events to this webhook URL with the same secret:{' '}
        <code>{`${location.origin}${connected.webhookPath}`}</code>
      </p>
    );
  }
  if (trackers.length > 0) return null;
  return (
    <details className="tracker-connect">
      <summary>Connect a tracker</summary>
      <form onSubmit={(e) => void submit(e)} aria-label="Connect a tracker" noValidate>
        <Field label="Tracker">
          <select className="input" value={kind} onChange={(e) => setKind(e.target.value as BoardTracker['kind'])}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Address" optional>
          <input className="input" value={baseUrl} placeholder={spec.baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
        </Field>
        <Field label={spec.project}>
          <input className="input" value={project} onChange={(e) => setProject(e.target.value)} />
        </Field>
        <Field label={spec.credentials} hint="Kept by the server only, encrypted; never shown again.">
          <input className="input" type="password" autoComplete="off" value={credentials} onChange={(e) => setCredentials(e.target.value)} />
        </Field>
        <Field label="Webhook secret" hint="At least 8 characters; enter the same in the tracker's webhook.">
          <input className="input" type="password" autoComplete="off" value={webhookSecret} onChange={(e) => setWebhookSecret(e.target.value)} />
        </Field>
        <Button type="submit" variant="primary">
          Connect {spec.name}
        </Button>
        {error && <InlineError>{error}</InlineError>}
      </form>
    </details>
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
