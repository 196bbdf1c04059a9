// The library home: every review of the workspace, filtered, sorted and paged by the server, and
// full-text search across them with the matching words highlighted and a link to the match.
import { useState, type FormEvent } from 'react';
import {
  REVIEW_STATUS_LABELS,
  REVIEW_STATUSES,
  SEARCH_KIND_LABELS,
  SEVERITIES,
  type LibraryReview,
  type LibrarySort,
  type Page,
  type SearchHit,
} from '../../../../shared/library';
import { fetchReviews, fetchWorkspace, searchLibrary } from '../../services/workspace';
import { FIRST_REVIEW_FILTERS } from './firstView';
import { ImportBoard } from './ImportBoard';
import { isMembershipError, NotAMember, openLink, Pager, WorkspaceShell } from './WorkspaceShell';
import { useLibraryVersion, useLoad } from './useLibrary';

const SORT_LABELS: Record<LibrarySort, string> = {
  incidentDate: 'Incident date',
  title: 'Title',
  severity: 'Severity',
  updated: 'Last changed',
  openActions: 'Open actions',
};

export function LibraryPage() {
  const version = useLibraryVersion();
  const workspace = useLoad(fetchWorkspace, 'workspace', 0);
  const [filters, setFilters] = useState(FIRST_REVIEW_FILTERS);
  const [page, setPage] = useState(1);
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState<{ q: string; page: number } | null>(null);
  const reviews = useLoad(() => fetchReviews({ ...filters, page }), JSON.stringify([filters, page]), version);
  const hits = useLoad(
    () => (search ? searchLibrary(search.q, search.page) : Promise.resolve(null)),
    JSON.stringify(search),
    search ? version : 0,
  );

  if (workspace.state === 'failed' && isMembershipError(workspace.code)) {
    return (
      <WorkspaceShell current="library">
        <h1 className="workspace__title">Library</h1>
        <NotAMember code={workspace.code} message={workspace.message} />
      </WorkspaceShell>
    );
  }
  const setFilter = (name: keyof typeof filters, value: string) => {
    setFilters((f) => ({ ...f, [name]: value }));
    setPage(1);
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setSearch(typed.trim() ? { q: typed.trim(), page: 1 } : null);
  };

  return (
    <WorkspaceShell current="library">
      <h1 className="workspace__title">{workspace.state === 'ready' ? workspace.data.name : 'Library'}</h1>
      <form className="library-search" role="search" onSubmit={onSearch}>
        <label htmlFor="library-q" className="visually-hidden">
          Search every review
        </label>
        <input
          id="library-q"
          className="input"
          type="search"
          placeholder='Search timelines, factors, actions… ("exact phrase", -leave-out, OR)'
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit" className="btn btn--primary">
          Search
        </button>
      </form>
      {search && <SearchResults load={hits} q={search.q} onPage={(p) => setSearch({ ...search, page: p })} onClear={() => (setSearch(null), setTyped(''))} />}

      <section aria-labelledby="reviews-title" className="library-reviews">
        <h2 id="reviews-title" className="workspace__subtitle">
          Reviews {reviews.state === 'ready' && <span className="library-count">({reviews.data.total.toLocaleString('en')})</span>}
        </h2>
        <div className="library-filters">
          <label>
            Severity
            <select className="select" value={filters.severity} onChange={(e) => setFilter('severity', e.target.value)}>
              <option value="">Any</option>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select className="select" value={filters.status} onChange={(e) => setFilter('status', e.target.value)}>
              <option value="">Any</option>
              {REVIEW_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {REVIEW_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Service
            <input className="input" value={filters.service} onChange={(e) => setFilter('service', e.target.value)} maxLength={40} />
          </label>
          <label>
            Tag
            <input className="input" value={filters.tag} onChange={(e) => setFilter('tag', e.target.value)} maxLength={40} />
          </label>
          <label>
            Sort by
            <select className="select" value={filters.sort} onChange={(e) => setFilter('sort', e.target.value)}>
              {(Object.keys(SORT_LABELS) as LibrarySort[]).map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {reviews.state === 'failed' && <p className="inline-error" role="alert">{reviews.message}</p>}
        {reviews.state === 'ready' && <ReviewList page={reviews.data} onPage={setPage} />}
      </section>
      <ImportBoard />
    </WorkspaceShell>
  );
}

function ReviewList({ page, onPage }: { page: Page<LibraryReview>; onPage: (page: number) => void }) {
  if (page.total === 0) return <p className="empty-note">No review matches. Start one from New review.</p>;
  return (
    <>
      <ul className="review-list">
        {page.items.map((r) => (
          <li key={r.boardId} className="review-card">
            <div className="review-card__head">
              <a href={r.link} className="review-card__title" onClick={(e) => openLink(e, r.link)}>
                {r.title || 'Untitled incident'}
              </a>
              {r.severity && <span className={`severity-badge severity-badge--${r.severity.toLowerCase()}`}>{r.severity}</span>}
              <span className={`review-status review-status--${r.status}`}>{REVIEW_STATUS_LABELS[r.status]}</span>
            </div>
            <div className="review-card__meta">
              <span>{r.incidentDate || 'No incident date'}</span>
              {r.facilitator && <span>Facilitator: {r.facilitator}</span>}
              <span>
                {r.events} events · {r.factors} factors · {r.openActions} open actions
              </span>
            </div>
            {(r.services.length > 0 || r.tags.length > 0) && (
              <div className="review-card__labels">
                {r.services.map((s) => (
                  <span key={`s-${s}`} className="label-chip label-chip--service">
                    {s}
                  </span>
                ))}
                {r.tags.map((t) => (
                  <span key={`t-${t}`} className="label-chip">
                    #{t}
                  </span>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
      <Pager page={page.page} pageSize={page.pageSize} total={page.total} onPage={onPage} label="Review pages" />
    </>
  );
}

function SearchResults({
  load,
  q,
  onPage,
  onClear,
}: {
  load: ReturnType<typeof useLoad<Page<SearchHit> | null>>;
  q: string;
  onPage: (page: number) => void;
  onClear: () => void;
}) {
  return (
    <section className="search-results" aria-labelledby="search-title" aria-live="polite">
      <div className="search-results__head">
        <h2 id="search-title" className="workspace__subtitle">
          Results for “{q}”
          {load.state === 'ready' && load.data && <span className="library-count"> ({load.data.total > 1000 ? 'over 1,000' : load.data.total})</span>}
        </h2>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onClear}>
          Clear search
        </button>
      </div>
      {load.state === 'failed' && (
        <p className="inline-error" role="alert">
          {load.message}
        </p>
      )}
      {load.state === 'ready' && load.data && load.data.total === 0 && <p className="empty-note">Nothing found. Try fewer or other words.</p>}
      {load.state === 'ready' && load.data && load.data.total > 0 && (
        <>
          <ol className="search-list">
            {load.data.items.map((hit, i) => (
              <li key={`${hit.boardId}/${hit.kind}/${hit.itemId}/${i}`} className="search-hit">
                <a href={hit.link} className="search-hit__link" onClick={(e) => openLink(e, hit.link)}>
                  <span className="search-hit__where">
                    {SEARCH_KIND_LABELS[hit.kind]} · {hit.boardTitle || 'Untitled incident'}
                    {hit.incidentDate && ` · ${hit.incidentDate}`}
                  </span>
                  <span className="search-hit__snippet">
                    {hit.snippet.map((part, j) => (part.match ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>))}
                  </span>
                </a>
              </li>
            ))}
          </ol>
          <Pager page={load.data.page} pageSize={load.data.pageSize} total={load.data.total} onPage={onPage} label="Result pages" />
        </>
      )}
    </section>
  );
}
