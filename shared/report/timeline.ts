// The report's Timeline, "What we knew at the time" and Incident metrics sections.
import { EVENT_CONTEXT_FIELDS, EVENT_CONTEXT_LABELS, EVENT_KIND_LABELS, MARKER_LABELS, MARKER_NAMES, type BoardSnapshot } from '../board';
import { exhaustiveSwitchError } from '../exhaustive';
import { METRICS, computeMetrics, formatDuration, type MetricValue } from '../metrics';
import { escapeInline, escapeListItem, escapeTableCell, shorten } from './escape';
import { EMPTY, QUOTE_LENGTH, byline, showTime } from './format';

const METRICS_NOTE =
  'Measured between marked timeline events: detecting, mitigating and resolving from when impact started; acknowledging from detection.';

export function timeline(board: BoardSnapshot): string[] {
  if (board.events.length === 0) return [`_${EMPTY.timeline}_`];
  const rows = ['| Time (UTC) | Kind | What happened |', '| --- | --- | --- |'];
  for (const event of board.events) {
    // Event times are `YYYY-MM-DDTHH:MMZ` (readers drop any other); shown as `YYYY-MM-DD HH:MM`.
    const time = escapeTableCell(showTime(event.time));
    const marker = event.marker !== null && MARKER_NAMES.includes(event.marker) ? `**${MARKER_LABELS[event.marker]}:** ` : '';
    rows.push(`| ${time} | ${EVENT_KIND_LABELS[event.kind] ?? 'Other'} | ${marker}${escapeTableCell(event.text)}${byline(event.author)} |`);
  }
  return rows;
}

/** Each event someone gave context, with what was seen, thought and why the step made sense. */
export function whatWeKnew(board: BoardSnapshot): string[] {
  const out: string[] = [];
  for (const event of board.events) {
    const fields = EVENT_CONTEXT_FIELDS.map((field) => ({ field, text: escapeListItem(event[field], '    ', '') })).filter((f) => f.text !== '');
    if (fields.length === 0) continue;
    out.push(`- **${escapeInline(showTime(event.time))}** ${escapeInline(shorten(event.text, QUOTE_LENGTH)) || '—'}`);
    for (const { field, text } of fields) out.push(`  - _${EVENT_CONTEXT_LABELS[field]}:_ ${text}`);
  }
  return out;
}

export function incidentMetrics(board: BoardSnapshot): string[] {
  const { markers, values } = computeMetrics(board.events);
  if (Object.keys(markers).length === 0) return [`_${EMPTY.metrics}_`];
  const moment = (name: (typeof MARKER_NAMES)[number]) => {
    const time = markers[name];
    return time ? `${MARKER_LABELS[name]}, ${showTime(time)}` : `${MARKER_LABELS[name]}, _not marked_`;
  };
  const rows = ['| Metric | From | To | Time |', '| --- | --- | --- | --- |'];
  for (const metric of METRICS) {
    rows.push(`| ${metric.label} (${metric.abbreviation}) | ${moment(metric.from)} | ${moment(metric.to)} | ${metricCell(values[metric.name])} |`);
  }
  return [...rows, '', `_${METRICS_NOTE}_`];
}

function metricCell(value: MetricValue): string {
  switch (value.status) {
    case 'ok':
      return formatDuration(value.ms);
    case 'missing':
      return '_Not measured_';
    case 'out-of-order':
      return `_Out of order: ${escapeInline(value.detail)}_`;
    default:
      return exhaustiveSwitchError(value);
  }
}
