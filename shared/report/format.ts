// Small pieces every section of the report uses: the dot, the empty-section lines, bylines,
// times in UTC, and how links and names are written. Pure; every piece of user text is escaped.
import { UNNAMED_CLUSTER, type FactorCluster } from '../board';
import { escapeInline, safeHttpUrl } from './escape';

/** The dot each vote is drawn as. */
export const DOT = '●';

/** How many of the most-voted notes "Where the dots went" lists. */
export const TOP_VOTED_LIMIT = 5;

/** Longest factor text quoted in another table (action items, top votes), in characters. */
export const QUOTE_LENGTH = 60;

export const EMPTY = {
  summary: 'No summary has been written yet.',
  timeline: 'No events on the timeline yet.',
  factors: 'No contributing factors recorded yet.',
  category: 'Nothing noted here yet.',
  actions: 'No action items yet.',
  metrics: 'No timeline events are marked yet. Mark when impact started, and when the incident was detected, acknowledged, mitigated and resolved, to measure these.',
} as const;

/** ` — _Name_` after a note that carries its author's name; nothing for an anonymous one. */
export function byline(author: string): string {
  const name = escapeInline(author);
  return name ? ` — _${name}_` : '';
}

/** "Same as in <review> (date)" after a factor that recurs, or '' ([library.md](../../docs/library.md)). */
export function sameAsLabel(links: ReadonlyArray<{ reviewTitle: string; incidentDate: string }>): string {
  if (links.length === 0) return '';
  const named = links.map((l) => `_${escapeInline(l.reviewTitle) || 'Untitled postmortem'}_${l.incidentDate ? ` (${l.incidentDate})` : ''}`);
  return ` · same as in ${named.join(', ')}`;
}

/** An http(s) address as an autolink; anything else as plain text, never a link. */
export function linkOrText(value: string): string {
  const url = safeHttpUrl(value);
  if (url) return `<${url}>`;
  const text = escapeInline(value);
  return text && `${text} (not an http(s) address, so not linked)`;
}

/** `YYYY-MM-DD HH:MM` in UTC. */
export function formatUtcMinute(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return 'unknown';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** An event time (`YYYY-MM-DDTHH:MMZ`) as `YYYY-MM-DD HH:MM`. */
export const showTime = (time: string) => time.replace('T', ' ').replace(/Z$/, '');

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const dotsLabel = (dots: number) => (dots > 0 ? ` ${DOT} ${dots}` : '');

export const clusterName = (cluster: FactorCluster) => escapeInline(cluster.name) || UNNAMED_CLUSTER;
