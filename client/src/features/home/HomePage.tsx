// The home page: start a postmortem board, or return to one this browser has opened.
import { useState, type FormEvent } from 'react';
import { isCalendarDate, isHttpUrl, LIMITS } from '../../../../shared/board';
import type { BoardId } from '../../../../shared/ids';
import { ApiFailure, createBoard } from '../../services/api';
import { navigate } from '../../services/router';
import { forgetBoard, loadKnownBoards, rememberBoard, type KnownBoard } from '../../services/storage';
import { ThemeToggle } from '../theme/ThemeToggle';
import { SignInControl } from '../account/SignInControl';
import { signInHref, useSignIn } from '../../services/signIn';
import { Button, IconButton } from '../../ui/Button';
import { Field, InlineError } from '../../ui/Field';
import { CloseIcon, PlusIcon } from '../../ui/icons';
import { RoleBadge } from '../presence/RoleBadge';
import { Brand } from './Brand';
import './home.css';

const todayUtc = () => new Date().toISOString().slice(0, 10);

export function HomePage() {
  return (
    <div className="home">
      <header className="home__bar">
        <Brand />
        <div className="home__bar-end">
          <SignInControl />
          <ThemeToggle />
        </div>
      </header>
      <main className="home__main">
        <section className="home__intro" aria-labelledby="home-title">
          <h1 id="home-title" className="home__title">
            Learn from an incident, together.
          </h1>
          <p className="home__lede">
            One board for the whole review: build the timeline with everyone who was there, gather the conditions
            that made the incident possible, vote on what matters most, and leave with a few owned, dated actions.
          </p>
          <ul className="home__principles">
            <li>
              <strong>Systems, not culprits.</strong> Ask what made each decision seem reasonable at the time.
            </li>
            <li>
              <strong>Many factors, no single root cause.</strong> Sort them into people, process and technology.
            </li>
            <li>
              <strong>Few actions that get done.</strong> Three to five, each with an owner and a date.
            </li>
          </ul>
        </section>
        <div className="home__side">
          <CreateBoardCard />
          <RecentBoards />
        </div>
      </main>
    </div>
  );
}

function CreateBoardCard() {
  const [title, setTitle] = useState('');
  const [incidentDate, setIncidentDate] = useState(todayUtc);
  const [incidentLink, setIncidentLink] = useState('');
  const [errors, setErrors] = useState<{ title?: string; date?: string; link?: string; form?: string; signIn?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const signIn = useSignIn();
  const mustSignIn = signIn?.createRequiresSignIn === true && signIn.person === null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmedTitle = title.trim();
    const link = incidentLink.trim();
    const next: typeof errors = {};
    if (trimmedTitle === '') next.title = 'Give the incident a short name, such as "Checkout errors after deploy".';
    else if (trimmedTitle.length > LIMITS.titleLength) next.title = `Keep the title under ${LIMITS.titleLength} characters.`;
    if (incidentDate !== '' && !isCalendarDate(incidentDate)) next.date = 'Pick a date, or leave it empty.';
    if (link !== '' && !isHttpUrl(link)) next.link = 'Paste a full address starting with https://';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      const res = await createBoard({
        title: trimmedTitle,
        ...(incidentDate ? { incidentDate } : {}),
        ...(link ? { incidentLink: link } : {}),
      });
      rememberBoard({
        id: res.id as BoardId,
        token: res.tokens.facilitator,
        role: 'facilitator',
        title: trimmedTitle,
        incidentDate,
        links: { participant: res.tokens.participant, viewer: res.tokens.viewer },
      });
      navigate(`/b/${res.id}#share`);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiFailure && err.code === 'SIGN_IN_REQUIRED') setErrors({ form: err.message, signIn: true });
      else setErrors({ form: err instanceof ApiFailure ? err.message : 'Something went wrong. Try again.' });
    }
  };

  return (
    <section className="card create-card" aria-labelledby="create-title">
      <h2 id="create-title" className="card__title">
        Start a postmortem
      </h2>
      <form className="create-card__form" onSubmit={submit} noValidate>
        <Field label="Incident title" error={errors.title ?? null}>
          <input
            className="input"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Checkout errors after the 14:00 deploy"
            autoComplete="off"
            autoFocus
          />
        </Field>
        <Field label="Incident date" hint="The day it started, in UTC." error={errors.date ?? null}>
          <input className="input" type="date" value={incidentDate} onChange={(e) => setIncidentDate(e.target.value)} />
        </Field>
        <Field label="Incident link" optional hint="Ticket, status page or chat channel." error={errors.link ?? null}>
          <input
            className="input"
            type="url"
            inputMode="url"
            value={incidentLink}
            onChange={(e) => setIncidentLink(e.target.value)}
            placeholder="https://"
            autoComplete="off"
          />
        </Field>
        {errors.form && <InlineError>{errors.form}</InlineError>}
        {mustSignIn || errors.signIn ? (
          <>
            {!errors.signIn && <p className="create-card__hint">Sign in to create a board. Anyone can still join a board by its link.</p>}
            <a className="btn btn--primary btn--md create-card__submit" href={signInHref('/')}>
              Sign in to create a board
            </a>
          </>
        ) : (
          <Button type="submit" variant="primary" icon={<PlusIcon />} disabled={busy} className="create-card__submit">
            {busy ? 'Creating board…' : 'Create board'}
          </Button>
        )}
      </form>
    </section>
  );
}

function RecentBoards() {
  const [boards, setBoards] = useState<KnownBoard[]>(loadKnownBoards);
  if (boards.length === 0) return null;
  return (
    <section className="card recent" aria-labelledby="recent-title">
      <h2 id="recent-title" className="card__title">
        On this browser
      </h2>
      <ul className="recent__list">
        {boards.map((b) => (
          <li key={b.id} className="recent__item">
            <a
              className="recent__link"
              href={`/b/${b.id}`}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                navigate(`/b/${b.id}`);
              }}
            >
              <span className="recent__title">{b.title || 'Untitled incident'}</span>
              <span className="recent__meta">
                {b.incidentDate ? formatDate(b.incidentDate) : 'No date'} · opened {relativeTime(b.lastOpened)}
              </span>
            </a>
            <RoleBadge role={b.role} />
            <IconButton
              label={`Remove “${b.title || 'Untitled incident'}” from this list`}
              size="sm"
              onClick={() => {
                forgetBoard(b.id);
                setBoards(loadKnownBoards());
              }}
            >
              <CloseIcon size={14} />
            </IconButton>
          </li>
        ))}
      </ul>
    </section>
  );
}

function formatDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function relativeTime(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}
