// The workspace's trackers (/trackers, docs/trackers.md), for its admin: connect GitHub, GitLab,
// Jira or Linear for every board, change a tracker's address, project, token or webhook secret,
// remove one. The admin key is asked for here when the server wants it; credentials go to the
// server and are never shown again.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiFailure, type BoardTracker } from '../../services/api';
import {
  addWorkspaceTracker,
  changeWorkspaceTracker,
  fetchWorkspaceTrackers,
  loadAdminKey,
  removeWorkspaceTracker,
  saveAdminKey,
  type TrackerChange,
} from '../../services/trackers';
import { Button } from '../../ui/Button';
import { Field, InlineError } from '../../ui/Field';
import { WorkspaceShell } from '../library/WorkspaceShell';
import './trackers.css';

/** What each kind of tracker asks for, in its own words. */
export const TRACKER_KINDS: { kind: BoardTracker['kind']; name: string; baseUrl: string; project: string; credentials: string }[] = [
  { kind: 'github', name: 'GitHub', baseUrl: 'https://api.github.com', project: 'Repository (owner/repo)', credentials: 'Token' },
  { kind: 'gitlab', name: 'GitLab', baseUrl: 'https://gitlab.com', project: 'Project (id or group/project)', credentials: 'Token' },
  { kind: 'jira', name: 'Jira', baseUrl: 'https://your-site.atlassian.net', project: 'Project key', credentials: 'email:API token' },
  { kind: 'linear', name: 'Linear', baseUrl: 'https://api.linear.app', project: 'Team id', credentials: 'API key' },
];
const specOf = (kind: BoardTracker['kind']) => TRACKER_KINDS.find((k) => k.kind === kind)!;

const failureText = (error: unknown, fallback: string) => (error instanceof ApiFailure ? error.message : fallback);

type PageState =
  | { kind: 'loading' }
  | { kind: 'locked'; code: string; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; trackers: BoardTracker[]; canStoreCredentials: boolean };

export function TrackersPage() {
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      const answer = await fetchWorkspaceTrackers();
      setState({ kind: 'ready', ...answer });
    } catch (error) {
      if (error instanceof ApiFailure && (error.code === 'ADMIN_REQUIRED' || error.code === 'ADMIN_NOT_CONFIGURED')) {
        setState({ kind: 'locked', code: error.code, message: error.message });
      } else setState({ kind: 'failed', message: failureText(error, 'The trackers could not be loaded.') });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <WorkspaceShell current="trackers">
      <h1 className="trackers__title">Trackers</h1>
      <p className="trackers__intro">
        Action items of every review can be sent to these trackers by the review's facilitator. Connecting, changing and removing
        them is for the workspace's admin.
      </p>
      {state.kind === 'loading' && <p role="status">Loading…</p>}
      {state.kind === 'failed' && (
        <p className="callout callout--warning" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'locked' && <AdminKeyForm state={state} onEntered={() => void load()} />}
      {state.kind === 'ready' && (
        <TrackerList
          trackers={state.trackers}
          canStoreCredentials={state.canStoreCredentials}
          onChange={(trackers) => setState({ ...state, trackers })}
        />
      )}
    </WorkspaceShell>
  );
}

function AdminKeyForm({ state, onEntered }: { state: { code: string; message: string }; onEntered: () => void }) {
  const [key, setKey] = useState('');
  const triedBefore = loadAdminKey() !== null;
  if (state.code === 'ADMIN_NOT_CONFIGURED') {
    return (
      <p className="callout callout--warning" role="alert">
        {state.message}
      </p>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    saveAdminKey(key.trim() || null);
    onEntered();
  };
  return (
    <form className="trackers__key" onSubmit={submit} aria-label="Enter the admin key">
      <p>{triedBefore ? 'That is not the admin key of this workspace. ' : ''}{state.message}</p>
      <Field label="Admin key">
        <input className="input" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
      </Field>
      <Button type="submit" variant="primary">
        Continue
      </Button>
    </form>
  );
}

function TrackerList({ trackers, canStoreCredentials, onChange }: { trackers: BoardTracker[]; canStoreCredentials: boolean; onChange: (t: BoardTracker[]) => void }) {
  return (
    <>
      {!canStoreCredentials && (
        <p className="callout callout--warning" role="status">
          This server cannot store tracker credentials: its operator has not set TRACKER_KEY.
        </p>
      )}
      {trackers.length === 0 ? (
        <p className="empty-note">No tracker is connected yet.</p>
      ) : (
        <ul className="trackers__list" aria-label="Connected trackers">
          {trackers.map((t) => (
            <TrackerEntry
              key={t.id}
              tracker={t}
              onChanged={(changed) => onChange(trackers.map((x) => (x.id === changed.id ? changed : x)))}
              onRemoved={() => onChange(trackers.filter((x) => x.id !== t.id))}
            />
          ))}
        </ul>
      )}
      {canStoreCredentials && <ConnectTracker onConnected={(t) => onChange([...trackers, t])} />}
    </>
  );
}

function TrackerEntry({ tracker, onChanged, onRemoved }: { tracker: BoardTracker; onChanged: (t: BoardTracker) => void; onRemoved: () => void }) {
  const label = `${tracker.name} ${tracker.project}`;
  const spec = specOf(tracker.kind);
  const [mode, setMode] = useState<'view' | 'change' | 'remove'>('view');
  const [baseUrl, setBaseUrl] = useState(tracker.baseUrl);
  const [project, setProject] = useState(tracker.project);
  const [credentials, setCredentials] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const change: TrackerChange = {};
    if (baseUrl.trim() !== tracker.baseUrl) change.baseUrl = baseUrl.trim();
    if (project.trim() !== tracker.project) change.project = project.trim();
    if (credentials) change.credentials = credentials;
    if (webhookSecret) change.webhookSecret = webhookSecret;
    if (Object.keys(change).length === 0) return setMode('view');
    try {
      onChanged(await changeWorkspaceTracker(tracker.id, change));
      setCredentials('');
      setWebhookSecret('');
      setMode('view');
    } catch (err) {
      setError(failureText(err, 'The tracker could not be changed. Try again.'));
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await removeWorkspaceTracker(tracker.id);
      onRemoved();
    } catch (err) {
      setError(failureText(err, 'The tracker could not be removed. Try again.'));
    }
  };

  return (
    <li className="trackers__entry" aria-label={label}>
      <div className="trackers__summary">
        <strong>{tracker.name}</strong> <span>{tracker.project}</span> <span className="trackers__muted">{tracker.baseUrl}</span>
        {tracker.scope === 'board' && <span className="trackers__muted"> (one board's own)</span>}
      </div>
      <div className="trackers__muted">
        Webhook URL: <code>{`${location.origin}${tracker.webhookPath}`}</code>
      </div>
      {mode === 'view' && (
        <div className="trackers__actions">
          <Button size="sm" onClick={() => setMode('change')} aria-label={`Change ${label}`}>
            Change
          </Button>
          <Button size="sm" onClick={() => setMode('remove')} aria-label={`Remove ${label}`}>
            Remove
          </Button>
        </div>
      )}
      {mode === 'remove' && (
        <div className="trackers__actions" role="group" aria-label={`Remove ${label}?`}>
          <span>Action items already sent keep their key; nothing more is sent to it or read from it.</span>
          <Button size="sm" variant="danger" onClick={() => void remove()}>
            Remove {tracker.name}
          </Button>
          <Button size="sm" onClick={() => setMode('view')}>
            Keep it
          </Button>
        </div>
      )}
      {mode === 'change' && (
        <form className="trackers__form" onSubmit={(e) => void save(e)} aria-label={`Change ${label}`} noValidate>
          <Field label="Address">
            <input className="input" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
          </Field>
          <Field label={spec.project}>
            <input className="input" value={project} onChange={(e) => setProject(e.target.value)} />
          </Field>
          <Field label={`New ${spec.credentials.toLowerCase()}`} optional hint="Leave empty to keep the current one.">
            <input className="input" type="password" autoComplete="off" value={credentials} onChange={(e) => setCredentials(e.target.value)} />
          </Field>
          <Field label="New webhook secret" optional hint="Leave empty to keep the current one.">
            <input className="input" type="password" autoComplete="off" value={webhookSecret} onChange={(e) => setWebhookSecret(e.target.value)} />
          </Field>
          <div className="trackers__form-actions">
            <Button type="submit" variant="primary">
              Save
            </Button>
            <Button onClick={() => setMode('view')}>Cancel</Button>
          </div>
        </form>
      )}
      {error && <InlineError>{error}</InlineError>}
    </li>
  );
}

/** Connects a tracker: where it is, which project, the token, the webhook secret. */
function ConnectTracker({ onConnected }: { onConnected: (t: BoardTracker) => void }) {
  const [kind, setKind] = useState<BoardTracker['kind']>('github');
  const spec = specOf(kind);
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
      const tracker = await addWorkspaceTracker({ kind, baseUrl: baseUrl.trim() || spec.baseUrl, project: project.trim(), credentials, webhookSecret });
      setCredentials('');
      setWebhookSecret('');
      setProject('');
      setBaseUrl('');
      setConnected(tracker);
      onConnected(tracker);
    } catch (err) {
      setError(failureText(err, 'The tracker could not be connected. Try again.'));
    }
  };

  return (
    <section className="trackers__connect" aria-labelledby="connect-title">
      <h2 id="connect-title">Connect a tracker</h2>
      {connected && (
        <p className="trackers__done" role="status">
          {connected.name} connected. In {connected.name}, send issue events to this webhook URL with the same secret:{' '}
          <code>{`${location.origin}${connected.webhookPath}`}</code>
        </p>
      )}
      <form className="trackers__form" onSubmit={(e) => void submit(e)} aria-label="Connect a tracker" noValidate>
        <Field label="Tracker">
          <select className="input" value={kind} onChange={(e) => setKind(e.target.value as BoardTracker['kind'])}>
            {TRACKER_KINDS.map((k) => (
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
        <div className="trackers__form-actions">
          <Button type="submit" variant="primary">
            Connect {spec.name}
          </Button>
          {error && <InlineError>{error}</InlineError>}
        </div>
      </form>
    </section>
  );
}
