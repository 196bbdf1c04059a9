// The timeline: a composer for new events and a horizontal lane of sticky notes in time order,
// with what others added since this person last looked marked "New".
import { useCallback, useContext, useRef, useState } from 'react';
import { loadTimelineView, saveTimelineView, type TimelineView } from '../../services/storage';
import { EVENT_KINDS, EVENT_KIND_LABELS } from '../../../../shared/board';
import type { EventId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useMeta, useTimelineOrder } from '../../sync/boardHooks';
import { Section } from '../../ui/Section';
import { FirstDrawingContext } from '../../ui/firstDrawing';
import { EventComposer } from './EventComposer';
import { TimelineLane, type TimelineLaneHandle } from './TimelineLane';
import { todayUtc } from './time';
import './timeline.css';
import { ImportButton } from '../import/ImportButton';
import { MetricsStrip } from '../metrics/MetricsStrip';
import { ChainHighlight } from '../links/ChainHighlight';
import { NewSinceNotice } from '../prework/NewSinceNotice';
import { useKeepLookCurrent, useNewWindow } from '../prework/usePrework';
import { isInWindow } from '../prework/visits';
import { DraftsControls } from '../drafts/DraftsControls';
import { PrivateNotes } from '../drafts/PrivateNotes';

export function TimelineSection() {
  const { canEdit } = useBoard();
  // The order, not the words: typing in a note re-renders that note alone (it reads its own event).
  const events = useTimelineOrder();
  const { incidentDate } = useMeta();
  const lane = useRef<TimelineLaneHandle>(null);
  const last = events[events.length - 1];
  const defaultDate = last ? last.time.slice(0, 10) : incidentDate || todayUtc();
  const onAdded = useCallback((id: EventId) => lane.current?.reveal(id), []);
  const drawing = useContext(FirstDrawingContext);
  const [view, setView] = useState<TimelineView>(() => drawing?.timelineView ?? loadTimelineView());
  const choose = (next: TimelineView) => {
    setView(next);
    saveTimelineView(next);
  };
  useKeepLookCurrent();
  const newWindow = useNewWindow('timeline');
  const newCount = newWindow ? events.filter((e) => isInWindow(e.createdAt, newWindow)).length : 0;

  return (
    <Section
      id="timeline"
      title="Timeline"
      count={events.length}
      prompt="What happened, in UTC, from the first sign of trouble to the all-clear. Note what people saw and believed at the time."
      tools={
        <>
          <ImportButton />
          <ViewChoice view={view} onChoose={choose} suggestList={events.length >= LIST_SUGGESTED_FROM} />
          <KindLegend />
        </>
      }
    >
      <NewSinceNotice section="timeline" count={newCount} />
      <MetricsStrip />
      <ChainHighlight />
      <DraftsControls section="timeline" />
      {canEdit && <EventComposer defaultDate={defaultDate} onAdded={onAdded} />}
      <PrivateNotes section="timeline" />
      <TimelineLane ref={lane} events={events} canEdit={canEdit} newWindow={newCount > 0 ? newWindow : null} view={view} />
    </Section>
  );
}

/** From this many events the lane no longer fits a screen, and the list view is pointed out. */
const LIST_SUGGESTED_FROM = 10;

/** Lane or list: this person's choice, kept in this browser (not on the board). */
function ViewChoice({ view, onChoose, suggestList }: { view: TimelineView; onChoose: (v: TimelineView) => void; suggestList: boolean }) {
  return (
    <div className="view-choice" role="group" aria-label="Show the timeline as">
      <button type="button" className="view-choice__option" aria-pressed={view === 'lane'} onClick={() => onChoose('lane')} title="Left to right, one column per minute">
        Lane
      </button>
      <button
        type="button"
        className={`view-choice__option${suggestList && view === 'lane' ? ' view-choice__option--suggested' : ''}`}
        aria-pressed={view === 'list'}
        onClick={() => onChoose('list')}
        title={suggestList ? 'Top to bottom: every event in view without scrolling sideways' : 'Top to bottom, one row per minute'}
      >
        List
      </button>
    </div>
  );
}

function KindLegend() {
  return (
    <ul className="kind-legend" aria-label="Kinds of event">
      {EVENT_KINDS.map((k) => (
        <li key={k} className={`kind-legend__item kind--${k}`}>
          <span className="kind-dot" aria-hidden="true" />
          {EVENT_KIND_LABELS[k]}
        </li>
      ))}
    </ul>
  );
}
