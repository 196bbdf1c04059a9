// The board page's layout: the header with the meeting bar, then the review in the order the
// meeting runs: setting the stage, timeline, contributing factors, the dots and the actions they
// lead to, and the close. The part of the board the current phase works on is brought forward
// (scrolled to when the phase changes, and marked); the rest stays readable and usable.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { PHASE_LABELS } from '../../../../shared/facilitation';
import { loadDisplayName, saveDisplayName } from '../../services/storage';
import { useBoard } from '../../sync/BoardContext';
import { serverClock } from '../../services/serverClock';
import { useUndoShortcuts } from '../../sync/undo';
import { EyeIcon } from '../../ui/icons';
import { ActionsSection } from '../actions/ActionsSection';
import { FactorsSection } from '../factors/FactorsSection';
import { LearningsSection } from '../learnings/LearningsSection';
import { SummarySection } from '../learnings/SummarySection';
import { ClosedBanner } from '../meeting/ClosedBanner';
import { selectPhase, selectPhaseChangedAt, useFacilitationField } from '../meeting/meetingHooks';
import { zonesOfPhase, type BoardZone } from '../meeting/meetingLogic';
import { SetTheStage } from '../meeting/SetTheStage';
import { TimelineSection } from '../timeline/TimelineSection';
import { TopFactors } from '../voting/TopFactors';
import { useShareFocus } from '../projector/focus';
import { BoardHeader } from './BoardHeader';
import { useFocusMatch } from '../library/focusMatch';
import type { BoardFocus } from '../../services/router';
import { NameDialog } from './NameDialog';

interface BoardViewProps {
  openShareInitially: boolean;
  /** The record the link pointed at (a search result), brought into view. */
  focus?: BoardFocus | null;
  displayName: string;
  onRename: (name: string) => void;
}

export function BoardView({ openShareInitially, displayName, onRename, focus = null }: BoardViewProps) {
  const { connection, canEdit, closed, role, isFacilitator } = useBoard();
  // Only the phase: the board's sections must not re-render when a timer starts.
  const phase = useFacilitationField(selectPhase);
  const phaseChangedAt = useFacilitationField(selectPhaseChangedAt);
  const [renaming, setRenaming] = useState(false);
  const appRef = useRef<HTMLDivElement>(null);
  // A closed board takes no edits, undo included.
  useUndoShortcuts(canEdit ? connection.undoManager : null);
  useStickyOffset(appRef);
  // The room screen follows what the facilitator points at.
  useShareFocus(connection.awareness, isFacilitator);
  useFocusMatch(focus);
  const current = zonesOfPhase(phase);
  useBringPhaseForward(phase, phaseChangedAt, current[0] ?? null);
  const nowLabel = `Now: ${PHASE_LABELS[phase]}`;
  const zone = (name: BoardZone | null, children: ReactNode) => (
    <PhaseZone zone={name} current={current} nowLabel={nowLabel}>
      {children}
    </PhaseZone>
  );

  return (
    <div className="board-app" ref={appRef}>
      <BoardHeader openShareInitially={openShareInitially} onEditName={() => setRenaming(true)} />
      <main className="board-main" data-phase={phase}>
        {closed && <ClosedBanner />}
        {!closed && role === 'viewer' && (
          <div className="view-only-note" role="note">
            <EyeIcon />
            <span>
              <strong>View only.</strong> You can follow the review as it happens and download the report, but not change
              the board.
            </span>
          </div>
        )}
        {zone('groundRules', <SetTheStage />)}
        {zone('timeline', <TimelineSection />)}
        {zone('factors', <FactorsSection />)}
        <div className="board-row">
          {zone('voting', <TopFactors />)}
          {zone('actions', <ActionsSection />)}
        </div>
        <div className="board-row board-row--close">
          {zone('learnings', <LearningsSection />)}
          {zone(null, <SummarySection />)}
        </div>
      </main>
      {renaming && (
        <NameDialog
          open
          initial={displayName || loadDisplayName()}
          onCancel={() => setRenaming(false)}
          onSubmit={(name) => {
            saveDisplayName(name);
            onRename(name);
            setRenaming(false);
          }}
        />
      )}
    </div>
  );
}

/** One part of the board, marked with the phase it belongs to: emphasised while the meeting is
 * in that phase, quietly stepped back while it is in another. */
function PhaseZone({
  zone,
  current,
  nowLabel,
  children,
}: {
  zone: BoardZone | null;
  current: readonly BoardZone[];
  nowLabel: string;
  children: ReactNode;
}) {
  const emphasis = current.length === 0 ? undefined : zone !== null && current.includes(zone) ? 'current' : 'quiet';
  return (
    <div className="phase-zone" data-zone={zone ?? undefined} data-emphasis={emphasis} data-now-label={emphasis === 'current' ? nowLabel : undefined}>
      {children}
    </div>
  );
}

/** A phase change older than this, when it reaches the page, was not seen live (the page was
 * opening, or offline): the page does not jump to it. */
const LIVE_CHANGE_MS = 10_000;

/** When the phase changes, scroll its part of the board into view (smoothly unless the person
 * prefers less motion), unless they are typing somewhere on the board: then it is only marked. */
function useBringPhaseForward(phase: string, phaseChangedAt: number, zone: BoardZone | null): void {
  const previous = useRef(phase);
  useEffect(() => {
    if (previous.current === phase) return;
    previous.current = phase;
    if (!zone || Math.abs(serverClock.now() - phaseChangedAt) > LIVE_CHANGE_MS) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.closest('.board-main') && active.matches('input, textarea, select, [contenteditable]')) return;
    const frame = requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>(`.phase-zone[data-zone="${zone}"]`);
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      target?.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    });
    return () => cancelAnimationFrame(frame);
  }, [phase, phaseChangedAt, zone]);
}

/** Keeps `--board-sticky-offset` at the height of what sticks to the top (the header with the
 * meeting bar; on a phone only the meeting bar), so sections scrolled to land below it. */
function useStickyOffset(appRef: React.RefObject<HTMLDivElement | null>): void {
  useLayoutEffect(() => {
    const app = appRef.current;
    const header = app?.querySelector<HTMLElement>('.board-header');
    const bar = app?.querySelector<HTMLElement>('.meeting-bar');
    if (!app || !header) return;
    const set = () => {
      // On a phone the header's box dissolves (display: contents) and only the bar sticks.
      const sticky = getComputedStyle(header).display === 'contents' ? bar : header;
      const height = sticky ? Math.round(sticky.getBoundingClientRect().height) : 0;
      app.style.setProperty('--board-sticky-offset', `${height}px`);
    };
    set();
    const observer = new ResizeObserver(set);
    observer.observe(app);
    if (bar) observer.observe(bar);
    return () => observer.disconnect();
  }, [appRef]);
}
