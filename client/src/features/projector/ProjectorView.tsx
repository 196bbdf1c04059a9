// The room screen: what a projector or a TV in the meeting room shows. Read-only and large (body
// text at 24 px, nothing under 20 px), it shows only the current phase's part of the board, a
// large countdown, and follows the facilitator: their phase, and the note they point at (focus.ts).
// Opened from the board's menu or, on the room's PC, from `/b/<id>/projector#token=<view-only>`.
import { useEffect, useRef, type ReactNode } from 'react';
import {
  ACTION_STATUS_LABELS,
  EVENT_KIND_LABELS,
  type ActionItem,
  type ContributingFactor,
  type TimelineEvent,
} from '../../../../shared/board';
import { PHASE_LABELS, PHASE_PURPOSES, PHASES, type Phase } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { useActions, useClusters, useEvents, useFactors, useLearnings, useMeta } from '../../sync/boardHooks';
import { useFacilitation, useServerNow } from '../../sync/facilitationHooks';
import { ConnectionStatusPill } from '../presence/ConnectionStatus';
import { arrangeColumns, COLUMN_LABELS } from '../factors/columns';
import { describeCountdown, formatCountdown } from '../meeting/meetingLogic';
import { useVotes, type VoteState } from '../voting/useVotes';
import { useFacilitatorFocus, type FacilitatorFocus } from './focus';
import './projector.css';

export function ProjectorView() {
  const { connection } = useBoard();
  const { phase } = useFacilitation();
  const meta = useMeta();
  const focus = useFacilitatorFocus(connection.awareness);
  const mainRef = useRef<HTMLElement>(null);

  // Follow the facilitator's pointer: the item they focus comes into the middle of the screen.
  useEffect(() => {
    if (!focus) return;
    const el = mainRef.current?.querySelector<HTMLElement>(`[data-${focus.kind}-id="${CSS.escape(focus.id)}"]`);
    el?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  }, [focus, phase]);

  // A new phase starts at the top of its part.
  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
  }, [phase]);

  return (
    <div className="projector" data-phase={phase}>
      <header className="projector__header">
        <div className="projector__heading">
          <p className="projector__title">{meta.title || 'Untitled incident'}</p>
          <h1 className="projector__phase">
            <span className="projector__step" aria-hidden="true">
              {PHASES.indexOf(phase) + 1}
            </span>
            {PHASE_LABELS[phase]}
          </h1>
          <p className="projector__purpose">{phase === 'closed' ? 'The review is closed. Thank you, everyone.' : PHASE_PURPOSES[phase]}</p>
        </div>
        <div className="projector__side">
          <BigTimer />
          <ConnectionStatusPill />
        </div>
      </header>
      {/* Focusable, so the room's keyboard can scroll it too. */}
      <main className="projector__main" ref={mainRef} data-focus-kind={focus?.kind} tabIndex={0} aria-label={PHASE_LABELS[phase]}>
        <PhaseContent phase={phase} focus={focus} />
      </main>
    </div>
  );
}

function BigTimer() {
  const { phase, timer } = useFacilitation();
  const now = useServerNow(250);
  if (!timer || timer.phase !== phase) return null;
  const remaining = Math.max(0, Math.min(timer.durationMs, timer.endsAt - now));
  const up = remaining <= 0;
  return (
    <div className="projector__timer" data-state={up ? 'up' : 'running'} title={up ? "Time's up" : describeCountdown(remaining)}>
      <span role="timer" aria-label="Time left" data-remaining-ms={Math.round(remaining)}>
        {up ? "Time's up" : formatCountdown(remaining)}
      </span>
    </div>
  );
}

function PhaseContent({ phase, focus }: { phase: Phase; focus: FacilitatorFocus | null }) {
  switch (phase) {
    case 'prework':
    case 'timeline':
      return <TimelinePanel focus={focus} />;
    case 'groundRules':
      return <GroundRulesPanel />;
    case 'factors':
      return <FactorsPanel focus={focus} showVotes={false} />;
    case 'voting':
      return <FactorsPanel focus={focus} showVotes />;
    case 'actions':
      return <ActionsPanel focus={focus} />;
    case 'learnings':
      return <LearningsPanel />;
    case 'closed':
      return <SummaryPanel />;
    default: {
      const never: never = phase;
      throw new Error(`Unhandled phase: ${String(never)}`);
    }
  }
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="projector__empty">{children}</p>;
}

const isFocused = (focus: FacilitatorFocus | null, kind: FacilitatorFocus['kind'], id: string) =>
  focus !== null && focus.kind === kind && focus.id === id;

function TimelinePanel({ focus }: { focus: FacilitatorFocus | null }) {
  const events = useEvents();
  if (events.length === 0) return <Empty>No events yet. They appear here as the team adds them.</Empty>;
  return (
    <ol className="projector-timeline" aria-label="Timeline">
      {events.map((e) => (
        <ProjectorEvent key={e.id} event={e} focused={isFocused(focus, 'event', e.id)} />
      ))}
    </ol>
  );
}

function ProjectorEvent({ event, focused }: { event: TimelineEvent; focused: boolean }) {
  return (
    <li className={`projector-card kind--${event.kind}`} data-event-id={event.id} data-focused={focused || undefined}>
      <div className="projector-card__meta">
        <time dateTime={event.time.replace('Z', ':00Z')}>{event.time.slice(11, 16)} UTC</time>
        <span className="projector-card__kind">{EVENT_KIND_LABELS[event.kind]}</span>
      </div>
      <p className="projector-card__text">{event.text}</p>
    </li>
  );
}

function GroundRulesPanel() {
  const { groundRules } = useFacilitation();
  if (groundRules.length === 0) return <Empty>No ground rules set.</Empty>;
  return (
    <ol className="projector-rules" aria-label="Ground rules">
      {groundRules.map((rule, i) => (
        <li key={i}>{rule}</li>
      ))}
    </ol>
  );
}

function FactorsPanel({ focus, showVotes }: { focus: FacilitatorFocus | null; showVotes: boolean }) {
  const factors = useFactors();
  const clusters = useClusters();
  const votes = useVotes();
  const columns = arrangeColumns(factors, clusters).filter((c) => c.id !== 'unsorted' || c.count > 0);
  if (factors.length === 0) return <Empty>No contributing factors yet.</Empty>;
  return (
    <>
      {showVotes && !votes.revealed && <p className="projector__note">Votes stay hidden until the facilitator reveals them.</p>}
      <div className="projector-columns" style={{ ['--columns' as string]: columns.length }}>
        {columns.map((column) => (
          <section key={column.id} className={`projector-column cat--${column.id}`} aria-label={COLUMN_LABELS[column.id]}>
            <h2 className="projector-column__title">{COLUMN_LABELS[column.id]}</h2>
            {column.clusters.map((group) => (
              <div
                key={group.id}
                className="projector-cluster"
                data-cluster-id={group.id}
                data-focused={isFocused(focus, 'cluster', group.id) || undefined}
              >
                <h3 className="projector-cluster__name">
                  {group.cluster.name || 'Cluster'}
                  {showVotes && <Dots votes={votes} id={group.id} />}
                </h3>
                {group.factors.map((f) => (
                  <ProjectorFactor key={f.id} factor={f} focused={isFocused(focus, 'factor', f.id)} votes={showVotes ? votes : null} />
                ))}
              </div>
            ))}
            {column.loose.map((f) => (
              <ProjectorFactor key={f.id} factor={f} focused={isFocused(focus, 'factor', f.id)} votes={showVotes ? votes : null} />
            ))}
          </section>
        ))}
      </div>
    </>
  );
}

function ProjectorFactor({ factor, focused, votes }: { factor: ContributingFactor; focused: boolean; votes: VoteState | null }) {
  return (
    <article className="projector-factor" data-factor-id={factor.id} data-focused={focused || undefined} aria-label={`Factor: ${factor.text}`}>
      <p>{factor.text}</p>
      {votes && <Dots votes={votes} id={factor.id} />}
    </article>
  );
}

function Dots({ votes, id }: { votes: VoteState; id: string }) {
  if (!votes.revealed) return null;
  const dots = votes.tallies.get(id as never) ?? 0;
  if (dots === 0) return null;
  return <span className="projector-dots">{dots === 1 ? '1 dot' : `${dots} dots`}</span>;
}

function ActionsPanel({ focus }: { focus: FacilitatorFocus | null }) {
  const actions = useActions();
  const factors = useFactors();
  if (actions.length === 0) return <Empty>No actions yet.</Empty>;
  const textOf = new Map(factors.map((f) => [f.id, f.text]));
  return (
    <ol className="projector-actions" aria-label="Action items">
      {actions.map((a) => (
        <ProjectorAction key={a.id} action={a} focused={isFocused(focus, 'action', a.id)} factorText={textOf} />
      ))}
    </ol>
  );
}

function ProjectorAction({ action, focused, factorText }: { action: ActionItem; focused: boolean; factorText: Map<string, string> }) {
  const addresses = action.factorIds.map((id) => factorText.get(id)).filter((t): t is string => Boolean(t));
  return (
    <li className={`projector-card status--${action.status}`} data-action-id={action.id} data-focused={focused || undefined}>
      <p className="projector-card__text">{action.text}</p>
      <div className="projector-card__meta">
        <span>{action.owner || 'No owner yet'}</span>
        <span>{action.due ? `Due ${action.due}` : 'No date yet'}</span>
        <span className="projector-card__status">{ACTION_STATUS_LABELS[action.status]}</span>
      </div>
      {addresses.length > 0 && <p className="projector-card__addresses">Addresses: {addresses.join(' · ')}</p>}
    </li>
  );
}

function LearningsPanel() {
  const learnings = useLearnings();
  return (
    <>
      {learnings.length === 0 ? (
        <Empty>No learnings yet.</Empty>
      ) : (
        <ul className="projector-learnings" aria-label="Learnings">
          {learnings.map((l) => (
            <li key={l.id}>{l.text}</li>
          ))}
        </ul>
      )}
      <SummaryPanel />
    </>
  );
}

function SummaryPanel() {
  const { summary } = useMeta();
  if (!summary) return null;
  return (
    <section className="projector-summary" aria-label="Summary">
      <h2>Summary</h2>
      <p>{summary}</p>
    </section>
  );
}
