// Themes: contributing factors that came back in more than one review, grouped through the "same
// as" links people make while writing a factor (the suggestions under the factor composer). A theme
// that came back after the actions meant to address it were all done is flagged: the fix did not hold.
import { useState } from 'react';
import type { Theme } from '../../../../shared/library';
import { fetchThemes } from '../../services/workspace';
import { isMembershipError, NotAMember, openLink, Pager, WorkspaceShell } from './WorkspaceShell';
import { useLibraryVersion, useLoad } from './useLibrary';

export function ThemesPage() {
  const version = useLibraryVersion();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [service, setService] = useState('');
  const [page, setPage] = useState(1);
  const params = { recurredAfterDone: flaggedOnly, service: service.trim(), page };
  const list = useLoad(() => fetchThemes(params), JSON.stringify(params), version);

  if (list.state === 'failed' && isMembershipError(list.code)) {
    return (
      <WorkspaceShell current="themes">
        <h1 className="workspace__title">Themes</h1>
        <NotAMember code={list.code} message={list.message} />
      </WorkspaceShell>
    );
  }
  return (
    <WorkspaceShell current="themes">
      <h1 className="workspace__title">Themes</h1>
      <p className="workspace__lede">
        Contributing factors that came back in more than one review. They gather here when someone writing a factor on a board
        picks a similar one from an earlier review (“Same as”).
      </p>
      <div className="library-filters">
        <label>
          Service
          <input className="input" value={service} maxLength={40} onChange={(e) => { setService(e.target.value); setPage(1); }} />
        </label>
        <label className="check">
          <input type="checkbox" checked={flaggedOnly} onChange={(e) => { setFlaggedOnly(e.target.checked); setPage(1); }} /> Came back after its actions were done
        </label>
      </div>
      {list.state === 'failed' && (
        <p className="inline-error" role="alert">
          {list.message}
        </p>
      )}
      {list.state === 'ready' && list.data.total === 0 && (
        <p className="empty-note">
          {flaggedOnly || service.trim()
            ? 'No theme matches.'
            : 'No theme yet. While a factor is written on a board, factors of earlier reviews that read alike are suggested under it; linking one starts a theme.'}
        </p>
      )}
      {list.state === 'ready' && list.data.total > 0 && (
        <>
          <p className="library-count">
            {list.data.total.toLocaleString('en')} {list.data.total === 1 ? 'theme' : 'themes'}
            {list.data.recurredAfterDone > 0 && `, ${list.data.recurredAfterDone} came back after their actions were done`}
          </p>
          <ul className="theme-list">
            {list.data.items.map((theme) => (
              <ThemeCard key={theme.id} theme={theme} />
            ))}
          </ul>
          <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} label="Theme pages" />
        </>
      )}
    </WorkspaceShell>
  );
}

function ThemeCard({ theme }: { theme: Theme }) {
  return (
    <li className={`theme${theme.recurredAfterDone ? ' theme--flagged' : ''}`} aria-label={theme.title}>
      <div className="theme__head">
        <h2 className="theme__title">{theme.title}</h2>
        <span className="theme__count">{theme.reviews} reviews</span>
      </div>
      <p className="review-card__meta">
        <span>
          First {theme.firstSeen}, last {theme.lastSeen}
        </span>
      </p>
      {theme.services.length > 0 && (
        <div className="review-card__labels">
          {theme.services.map((s) => (
            <span key={s} className="label-chip label-chip--service">
              {s}
            </span>
          ))}
        </div>
      )}
      {theme.recurredAfterDone && (
        <p className="theme__flag" role="note">
          Came back after the actions meant to address it were done: the fix did not hold, or did not reach the cause.
        </p>
      )}
      <ol className="theme__factors">
        {theme.factors.map((f) => (
          <li key={`${f.boardId}/${f.factorId}`} className="theme__factor">
            <a href={f.link} className="search-hit__where" onClick={(e) => openLink(e, f.link)}>
              {f.reviewTitle || 'Untitled postmortem'}
            </a>
            <span className="theme__when">
              {f.incidentDate || 'no date'}
              {f.severity && <span className={`severity-badge severity-badge--${f.severity.toLowerCase()}`}>{f.severity}</span>}
            </span>
            <span className="theme__text">{f.text}</span>
            <span className="theme__actions">
              {f.actions === 0 ? 'No action item addresses it' : `${f.actionsDone} of ${f.actions} ${f.actions === 1 ? 'action' : 'actions'} done`}
            </span>
          </li>
        ))}
      </ol>
    </li>
  );
}
