// Timeline events: the vocabulary. What kind of moment an event records, the incident moments
// (markers) metrics are measured between, and what responders knew at the time.
import type { EventId } from '../../ids';

/** What kind of moment a timeline event records. */
export type EventKind = 'impact' | 'detection' | 'action' | 'communication' | 'resolution' | 'other';
export const EVENT_KINDS: readonly EventKind[] = ['impact', 'detection', 'action', 'communication', 'resolution', 'other'];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  impact: 'Impact',
  detection: 'Detection',
  action: 'Action',
  communication: 'Communication',
  resolution: 'Resolution',
  other: 'Other',
};

/** The moments of an incident that its metrics are measured between. Each marks at most one
 * event on a board; an event carries at most one. In the order an incident usually meets them. */
export type MarkerName = 'impactStarted' | 'detected' | 'acknowledged' | 'mitigated' | 'resolved';
export const MARKER_NAMES: readonly MarkerName[] = ['impactStarted', 'detected', 'acknowledged', 'mitigated', 'resolved'];
export const MARKER_LABELS: Record<MarkerName, string> = {
  impactStarted: 'Impact started',
  detected: 'Detected',
  acknowledged: 'Acknowledged',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

/** What responders knew when an event happened: recorded to guard the review against hindsight. */
export type EventContextField = 'sawAtTheTime' | 'thoughtAtTheTime' | 'whyItMadeSense';
export const EVENT_CONTEXT_FIELDS: readonly EventContextField[] = ['sawAtTheTime', 'thoughtAtTheTime', 'whyItMadeSense'];
/** The fields' names, on screen, in the report and in validation messages. */
export const EVENT_CONTEXT_LABELS: Record<EventContextField, string> = {
  sawAtTheTime: 'What we saw',
  thoughtAtTheTime: 'What we thought',
  whyItMadeSense: 'Why it made sense then',
};
/** A question to put in each empty context field: asks about that moment, not about what we know now. */
export const EVENT_CONTEXT_PROMPTS: Record<EventContextField, string> = {
  sawAtTheTime: 'Which dashboards, alerts, logs or messages were in front of people at this moment?',
  thoughtAtTheTime: 'What did people believe was going on, before anyone knew how it would end?',
  whyItMadeSense: 'Given what they saw and believed, why was this a reasonable next step?',
};

/** A sticky note on the timeline: what happened, and when (UTC, to the minute). */
export interface TimelineEvent {
  id: EventId;
  /** `YYYY-MM-DDTHH:MMZ`, UTC. */
  time: string;
  kind: EventKind;
  text: string;
  createdAt: number;
  /** The incident moment this event marks, if any; at most one event on a board has each. */
  marker: MarkerName | null;
  /** What responders saw at the time (dashboards, alerts, messages). */
  sawAtTheTime: string;
  /** What responders believed was happening then. */
  thoughtAtTheTime: string;
  /** Why the action taken made sense with what was known then. */
  whyItMadeSense: string;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}
