// Timeline events: what happened and when, markers of the incident's moments, and what
// responders knew at the time.
export * from './schema';
export { eventMs, readEvents, readTimelineEvent, readTimelineOrder, type TimelineEntry } from './read';
export * from './write';
