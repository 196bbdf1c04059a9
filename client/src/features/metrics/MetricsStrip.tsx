// Time to detect, acknowledge, mitigate and resolve, from the events marked on the timeline. A
// metric that cannot be measured says why (in its tooltip) instead of showing a number.
import { combineReaders, readTimelineOrder } from '../../../../shared/board';
import { computeMetrics, describeMetric, METRICS, type IncidentMetrics } from '../../../../shared/metrics';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';
import './metrics.css';

// From the events' times and markers only: not read again after a keystroke in a note.
const readMetrics = combineReaders({ events: readTimelineOrder }, ({ events }): IncidentMetrics => computeMetrics(events));

export function MetricsStrip() {
  const { doc } = useBoard();
  const { values } = useBoardValue(doc, readMetrics);
  return (
    <dl className="metrics-strip" aria-label="Incident metrics">
      {METRICS.map((m) => {
        const value = values[m.name];
        const text = describeMetric(value);
        const shown = value.status === 'ok' ? text : value.status === 'missing' ? 'not marked' : 'out of order';
        return (
          <div key={m.name} className={`metric metric--${value.status}`} title={`${m.label}: ${m.description}\n${text}`} data-metric={m.abbreviation}>
            <dt className="metric__name">
              <abbr title={m.label}>{m.abbreviation}</abbr>
            </dt>
            <dd className="metric__value">
              <span className="metric__shown">{shown}</span>
              {value.status !== 'ok' && <span className="visually-hidden"> ({text})</span>}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
