// Metrics across incidents: time to detect, acknowledge, mitigate and resolve over the workspace's
// reviews, as distributions (median, 90th percentile, a histogram, the trend by month or quarter),
// per severity and per service. Never an average: incident durations are skewed, and a mean hides
// the long ones. The moments come from the markers on each board's timeline (docs/metrics.md).
import { useState } from 'react';
import { SEVERITIES, type HistogramBucket, type MetricDistribution, type Summary, type TrendPeriod } from '../../../../shared/library';
import { formatDuration, METRICS } from '../../../../shared/metrics';
import { fetchMetrics } from '../../services/workspace';
import { isMembershipError, NotAMember, WorkspaceShell } from './WorkspaceShell';
import { useLibraryVersion, useLoad } from './useLibrary';

const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

function bucketLabel(b: HistogramBucket): string {
  if (b.fromMs === 0) return `under ${formatDuration(b.toMs!)}`;
  if (b.toMs === null) return `${formatDuration(b.fromMs)} or more`;
  return `${formatDuration(b.fromMs)} to ${formatDuration(b.toMs)}`;
}

export function MetricsPage() {
  const version = useLibraryVersion();
  const [filters, setFilters] = useState({ severity: '', service: '', from: '', to: '', period: 'month' as TrendPeriod });
  const params = { ...filters, service: filters.service.trim() };
  const overview = useLoad(() => fetchMetrics(params), JSON.stringify(params), version);
  const set = (name: keyof typeof filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [name]: e.target.value }));

  if (overview.state === 'failed' && isMembershipError(overview.code)) {
    return (
      <WorkspaceShell current="metrics">
        <h1 className="workspace__title">Metrics</h1>
        <NotAMember code={overview.code} message={overview.message} />
      </WorkspaceShell>
    );
  }
  return (
    <WorkspaceShell current="metrics">
      <h1 className="workspace__title">Metrics</h1>
      <p className="workspace__lede">
        How long incidents took to detect, acknowledge, mitigate and resolve, from the moments marked on each review’s timeline.
        Medians and 90th percentiles, never averages: a few long incidents would pull an average far from what is typical.
      </p>
      <div className="library-filters">
        <label>
          Severity
          <select className="select" value={filters.severity} onChange={set('severity')}>
            <option value="">All</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input className="input" value={filters.service} maxLength={40} onChange={set('service')} />
        </label>
        <label>
          From
          <input className="input" type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input className="input" type="date" value={filters.to} onChange={set('to')} />
        </label>
        <label>
          Trend by
          <select className="select" value={filters.period} onChange={set('period')}>
            <option value="month">Month</option>
            <option value="quarter">Quarter</option>
          </select>
        </label>
      </div>
      {overview.state === 'failed' && (
        <p className="inline-error" role="alert">
          {overview.message}
        </p>
      )}
      {overview.state === 'ready' && (
        <>
          <p className="library-count">{overview.data.reviews === 1 ? '1 review' : `${overview.data.reviews} reviews`}</p>
          <div className="metric-grid">
            {overview.data.metrics.map((m) => (
              <MetricCard key={m.metric} metric={m} />
            ))}
          </div>
        </>
      )}
    </WorkspaceShell>
  );
}

function MetricCard({ metric }: { metric: MetricDistribution }) {
  const definition = METRICS.find((d) => d.name === metric.metric)!;
  const peak = Math.max(1, ...metric.histogram.map((b) => b.count));
  const longest = Math.max(1, ...metric.trend.map((t) => t.p90 ?? 0));
  return (
    <section className="metric-card" aria-labelledby={`metric-${metric.metric}`}>
      <h2 className="workspace__subtitle" id={`metric-${metric.metric}`}>
        {definition.label} ({definition.abbreviation})
      </h2>
      <p className="metric-card__what">{definition.description}</p>
      <dl className="metric-card__numbers">
        <div>
          <dt>Median</dt>
          <dd>{duration(metric.median)}</dd>
        </div>
        <div>
          <dt>90th percentile</dt>
          <dd>{duration(metric.p90)}</dd>
        </div>
        <div>
          <dt>Measured</dt>
          <dd>{metric.count}</dd>
        </div>
      </dl>
      {(metric.notMeasured > 0 || metric.outOfOrder > 0) && (
        <p className="metric-card__missing">
          {metric.notMeasured > 0 && `${metric.notMeasured} not marked`}
          {metric.notMeasured > 0 && metric.outOfOrder > 0 && ', '}
          {metric.outOfOrder > 0 && `${metric.outOfOrder} with markers out of order`}
        </p>
      )}
      {metric.count === 0 ? (
        <p className="empty-note">No review has both of its moments marked yet.</p>
      ) : (
        <>
          <h3 className="metric-card__heading">How long it took</h3>
          <ul className="histogram" aria-label={`${definition.abbreviation} histogram`}>
            {metric.histogram.map((b) => (
              <li key={b.fromMs} className="histogram__row">
                <span className="histogram__label">{bucketLabel(b)}</span>
                <span className="histogram__bar" aria-hidden="true">
                  <span style={{ width: `${(100 * b.count) / peak}%` }} />
                </span>
                <span className="histogram__count">{b.count}</span>
              </li>
            ))}
          </ul>
          <h3 className="metric-card__heading">Over time</h3>
          <ul className="trend" aria-label={`${definition.abbreviation} over time`}>
            {metric.trend.map((t) => (
              <li key={t.period} className="trend__row" title={`${t.period}: median ${duration(t.median)}, 90th percentile ${duration(t.p90)} (${t.count})`}>
                <span className="trend__period">{t.period}</span>
                <span className="trend__bar" aria-hidden="true">
                  <span className="trend__p90" style={{ width: `${(100 * (t.p90 ?? 0)) / longest}%` }} />
                  <span className="trend__median" style={{ width: `${(100 * (t.median ?? 0)) / longest}%` }} />
                </span>
                <span className="trend__value">
                  {duration(t.median)} <span className="trend__sub">/ {duration(t.p90)}</span>
                </span>
              </li>
            ))}
          </ul>
          <p className="trend__legend">Dark: median; light: 90th percentile.</p>
          <Breakdown title="By severity" rows={metric.bySeverity.map((s) => ({ key: s.severity || 'No severity', ...s }))} />
          {metric.byService.length > 0 && <Breakdown title="By service" rows={metric.byService.map((s) => ({ key: s.service, ...s }))} />}
        </>
      )}
    </section>
  );
}

function Breakdown({ title, rows }: { title: string; rows: Array<Summary & { key: string }> }) {
  return (
    <table className="metric-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col"></th>
          <th scope="col">n</th>
          <th scope="col">Median</th>
          <th scope="col">p90</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td>{r.count}</td>
            <td>{duration(r.median)}</td>
            <td>{duration(r.p90)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
