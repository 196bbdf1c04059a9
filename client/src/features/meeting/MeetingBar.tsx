// The meeting bar, under the board's header: where the review is (a stepper of the phases, the
// current one marked), what this phase is for, its countdown and who is done. The facilitator
// moves the meeting from here (Back, Next, or a step); everyone else sees the same bar, without
// the controls. Phase changes arrive live through the facilitation document.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { setReady } from '../../../../shared/board';
import { PHASE_LABELS, PHASE_PURPOSES, PHASES, setPhase, setShowAuthors, type Phase } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation } from '../../sync/facilitationHooks';
import { serverClock } from '../../services/serverClock';
import { usePresence } from '../../sync/usePresence';
import { Button, IconButton } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Popover } from '../../ui/Popover';
import { CheckCircleIcon, CheckIcon, ChevronLeftIcon, ChevronRightIcon, CircleIcon, SettingsIcon } from '../../ui/icons';
import { useReadinessKey, useReadySet } from './meetingHooks';
import { neighbourPhase, readinessSummary } from './meetingLogic';
import { PhaseTimer } from './PhaseTimer';
import './meeting.css';
import { displayLocale, displayTimeZone } from '../../services/locale';

/** Shorter names for the stepper, where eight phases share one line. */
const STEP_LABELS: Record<Phase, string> = {
  ...PHASE_LABELS,
  factors: 'Factors',
  actions: 'Actions',
};

/** Moves the board to a phase (the facilitator's client; the server refuses anyone else). */
export function useGoToPhase(): (phase: Phase) => void {
  const { facilitation, ctx } = useBoard();
  return (phase) => setPhase(facilitation, phase, serverClock.now(), ctx);
}

export function MeetingBar({ tools }: { tools?: ReactNode }) {
  const { isFacilitator, canEdit } = useBoard();
  const { phase, closedAt } = useFacilitation();
  // Once closed, the banner on the board says what that means; the bar says when, and what next.
  const purpose = phase === 'closed' ? closedLine(closedAt) : PHASE_PURPOSES[phase];
  return (
    <section className="meeting-bar" aria-label="Meeting" data-phase={phase}>
      <div className="meeting-bar__main">
        <PhaseStepper phase={phase} canMove={isFacilitator} />
        <div className="meeting-bar__controls">
          <PhaseTimer />
          {isFacilitator && <MeetingSettings />}
          {isFacilitator && <BackNext phase={phase} />}
        </div>
      </div>
      <div className="meeting-bar__sub">
        <p className="meeting-bar__purpose" aria-live="polite">
          <span className="meeting-bar__phase-name">
            <span className="visually-hidden">Current phase: </span>
            {PHASE_LABELS[phase]}
          </span>
          <span className="meeting-bar__purpose-text">{purpose}</span>
        </p>
        {phase !== 'closed' && (canEdit || isFacilitator) && (
          <div className="meeting-bar__ready">
            {isFacilitator && <ReadyCount />}
            {canEdit && <ReadyToggle />}
          </div>
        )}
        {tools && <div className="meeting-bar__tools">{tools}</div>}
      </div>
    </section>
  );
}

function closedLine(closedAt: number): string {
  const when =
    closedAt > 0
      ? ` on ${new Date(closedAt).toLocaleString(displayLocale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: displayTimeZone() })}`
      : '';
  return `The review was closed${when}. Download the report and share it beyond the team: others learn from it too.`;
}

function PhaseStepper({ phase, canMove }: { phase: Phase; canMove: boolean }) {
  const go = useGoToPhase();
  const current = PHASES.indexOf(phase);
  const listRef = useRef<HTMLOListElement>(null);

  // Each step shows its name while they all fit; when they do not, the steps other than the
  // current one show only their number (the name stays their accessible name and tooltip).
  useLayoutEffect(() => {
    const list = listRef.current;
    const nav = list?.parentElement;
    if (!list || !nav) return;
    const fit = () => {
      nav.dataset.compact = 'false';
      nav.dataset.compact = list.scrollWidth > list.clientWidth + 1 ? 'true' : 'false';
    };
    // Not measured here: reading the layout inside the commit would force the page's first layout
    // then and there (with the board's notes, a large one), and again after the effects that
    // follow change it. A ResizeObserver reports every observed element once when it starts
    // observing, after the frame's layout and before its paint: the steps never show unfitted.
    // The stepper's width is what the bar leaves it, never its content's: no resize loop.
    const observer = new ResizeObserver(fit);
    observer.observe(nav);
    return () => observer.disconnect();
  }, [phase]);

  // Still too narrow (a phone): the stepper scrolls; keep the current step in sight.
  useEffect(() => {
    const list = listRef.current;
    const step = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !step || list.scrollWidth <= list.clientWidth) return;
    list.scrollTo({ left: step.offsetLeft - list.clientWidth / 2 + step.offsetWidth / 2, behavior: 'auto' });
  }, [phase]);

  // One tab stop for the whole stepper (the current step); the arrow keys, Home and End move
  // between steps, Enter or Space moves the meeting.
  const onKeyDown = (e: React.KeyboardEvent<HTMLOListElement>) => {
    if (!canMove) return;
    const steps = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.stepper__step') ?? [])];
    const at = steps.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to =
      e.key === 'ArrowRight' ? Math.min(steps.length - 1, at + 1)
      : e.key === 'ArrowLeft' ? Math.max(0, at - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? steps.length - 1
      : null;
    if (to === null) return;
    e.preventDefault();
    steps[to]?.focus();
  };

  return (
    <nav className="stepper" aria-label="Meeting phases">
      <ol ref={listRef} className="stepper__list" onKeyDown={onKeyDown}>
        {PHASES.map((p, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          const content = (
            <>
              <span className="stepper__marker" aria-hidden="true">
                {state === 'done' ? <CheckIcon size={11} strokeWidth={2.25} /> : i + 1}
              </span>
              <span className="stepper__label">{STEP_LABELS[p]}</span>
            </>
          );
          return (
            <li key={p} className="stepper__item" data-state={state}>
              {canMove ? (
                <button
                  type="button"
                  className="stepper__step"
                  aria-current={state === 'current' ? 'step' : undefined}
                  tabIndex={state === 'current' ? 0 : -1}
                  title={state === 'current' ? `${PHASE_LABELS[p]} (now)` : `Move the meeting to ${PHASE_LABELS[p]}`}
                  onClick={() => state !== 'current' && go(p)}
                >
                  {content}
                </button>
              ) : (
                <span className="stepper__step" aria-current={state === 'current' ? 'step' : undefined} title={PHASE_LABELS[p]}>
                  {content}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function BackNext({ phase }: { phase: Phase }) {
  const go = useGoToPhase();
  const back = neighbourPhase(phase, -1);
  const next = neighbourPhase(phase, 1);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="meeting-bar__nav">
      {/* Closing is not "Next": it sits apart, before Back, so a facilitator clicking Next through
          the phases does not land on it, and it asks first. */}
      {next === 'closed' && (
        <Button variant="secondary" onClick={() => setConfirming(true)} className="meeting-bar__close" title="Close the review for everyone">
          Close the review…
        </Button>
      )}
      <Button
        variant="ghost"
        icon={<ChevronLeftIcon />}
        disabled={!back}
        onClick={() => back && go(back)}
        title={back ? `Back to ${PHASE_LABELS[back]}` : undefined}
        className="meeting-bar__back"
      >
        Back
      </Button>
      {next && next !== 'closed' && (
        <Button variant="primary" onClick={() => go(next)} className="meeting-bar__next" title={`Move everyone to ${PHASE_LABELS[next]}`}>
          Next<span className="meeting-bar__next-name">: {STEP_LABELS[next]}</span>
          <ChevronRightIcon />
        </Button>
      )}
      {confirming && (
        <Dialog
          open
          onClose={() => setConfirming(false)}
          title="Close the review?"
          description="The board becomes read-only for everyone, the votes are shown, and the report is marked final. You can reopen it afterwards."
        >
          <div className="dialog__footer">
            <Button variant="ghost" onClick={() => setConfirming(false)} data-autofocus>
              Keep working
            </Button>
            <Button
              variant="primary"
              onClick={() => {
                setConfirming(false);
                go('closed');
                // Closing removes this button: the banner's Reopen is the next thing to reach.
                requestAnimationFrame(() => document.querySelector<HTMLElement>('.closed-banner button')?.focus());
              }}
            >
              Close the review
            </Button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** "I'm done with this phase": a toggle each writer sets for this visit of the phase. */
function ReadyToggle() {
  const { doc, voterId, ctx, connection } = useBoard();
  const key = useReadinessKey();
  const mine = useReadySet().has(voterId);
  return (
    <button
      type="button"
      className="ready-toggle"
      aria-pressed={mine}
      // A mark keyed by this person: written under their named id, never their anonymous notes'.
      onClick={() => connection.writeNamed(() => setReady(doc, key, voterId, !mine, ctx))}
      title={mine ? 'You said you are done. Press again to take it back.' : 'Let the facilitator know you are done with this phase'}
    >
      {mine ? <CheckCircleIcon size={15} /> : <CircleIcon size={15} />}
      <span className="ready-toggle__label">
        I’m done<span className="ready-toggle__long"> with this phase</span>
      </span>
    </button>
  );
}

/** For the facilitator: how many of the people here have said they are done. */
function ReadyCount() {
  const { connection, voterId } = useBoard();
  const ready = useReadySet();
  const people = usePresence(connection.awareness);
  const summary = readinessSummary(ready, people, voterId);
  const all = summary.of !== null && summary.of > 0 && summary.ready === summary.of;
  return (
    <span
      className={`badge ready-count${all ? ' ready-count--all' : ''}`}
      role="status"
      title={summary.of === null ? 'Nobody else is here right now' : 'People here who can write, other than facilitators'}
    >
      {all && <CheckIcon size={13} strokeWidth={2} />}
      {summary.text}
    </span>
  );
}

/** The facilitator's meeting settings: whether notes carry their author's name. */
function MeetingSettings() {
  const { facilitation, closed, ctx } = useBoard();
  const { showAuthors } = useFacilitation();
  return (
    <Popover
      label="Meeting settings"
      align="end"
      className="meeting-settings"
      trigger={(props) => (
        <IconButton label="Meeting settings" {...props}>
          <SettingsIcon />
        </IconButton>
      )}
    >
      <div className="meeting-settings__body">
        <div className="popover__heading">Meeting settings</div>
        <label className="switch-row">
          <input
            type="checkbox"
            role="switch"
            className="switch"
            checked={showAuthors}
            disabled={closed}
            onChange={(e) => setShowAuthors(facilitation, e.target.checked, ctx)}
            aria-describedby="show-authors-hint"
          />
          <span className="switch-row__text">
            <span className="switch-row__label">Show who wrote each note</span>
            <span className="switch-row__hint" id="show-authors-hint">
              Notes written while this is on carry their author’s name. Notes written while this is off stay anonymous.
            </span>
          </span>
        </label>
      </div>
    </Popover>
  );
}
