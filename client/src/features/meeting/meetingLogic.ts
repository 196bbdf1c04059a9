// The meeting's pure rules, kept apart from React so they can be tested on their own: which part
// of the board each phase brings forward, the phase before and after, how a countdown reads, when
// it has just run out, the first check of an earlier board's link, and how readiness is counted.
import { PHASES, type Phase } from '../../../../shared/facilitation';

/** The parts of the board a phase can bring forward. */
export type BoardZone = 'groundRules' | 'timeline' | 'factors' | 'voting' | 'actions' | 'learnings';

/** The parts of the board a phase works on, the one to bring into view first (none once the
 * review is closed). Voting works on the factor notes (where dots are spent) and the top factors. */
export function zonesOfPhase(phase: Phase): readonly BoardZone[] {
  switch (phase) {
    case 'prework':
    case 'timeline':
      return ['timeline'];
    case 'groundRules':
      return ['groundRules'];
    case 'factors':
      return ['factors'];
    case 'voting':
      return ['factors', 'voting'];
    case 'actions':
      return ['actions'];
    case 'learnings':
      return ['learnings'];
    case 'closed':
      return [];
    default: {
      const never: never = phase;
      throw new Error(`Unhandled phase: ${String(never)}`);
    }
  }
}

/** The phase `step` places after (1) or before (-1) `phase`, or null at either end. */
export function neighbourPhase(phase: Phase, step: 1 | -1): Phase | null {
  return PHASES[PHASES.indexOf(phase) + step] ?? null;
}

/** "4:05" for 245,000 ms; whole seconds rounded up, so the display reaches 0:00 exactly at the end. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** "4 minutes 5 seconds left", for a screen reader asking the timer. */
export function describeCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  if (total === 0) return "Time's up";
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [];
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (seconds > 0) parts.push(`${seconds} second${seconds === 1 ? '' : 's'}`);
  return `${parts.join(' ')} left`;
}

/**
 * Whether a countdown just ran out, seen from this page: it was seen with time left, and now has
 * none. A page that opens after the end never saw time left, so it does not chime.
 */
export function justRanOut(previousRemainingMs: number | null, remainingMs: number): boolean {
  return previousRemainingMs !== null && previousRemainingMs > 0 && remainingMs <= 0;
}

/** Minutes typed into the custom timer field, as milliseconds, or a message saying what is wrong. */
export function parseTimerMinutes(input: string): { ms: number } | { error: string } {
  const text = input.trim().replace(',', '.');
  if (text === '') return { error: 'Enter a number of minutes.' };
  const minutes = Number(text);
  if (!Number.isFinite(minutes) || minutes <= 0) return { error: 'Enter a number of minutes, like 3 or 1.5.' };
  if (minutes > 180) return { error: 'A timer runs for at most 180 minutes.' };
  const ms = Math.round(minutes * 60_000);
  if (ms < 10_000) return { error: 'A timer runs for at least 10 seconds.' };
  return { ms };
}

/**
 * The first check of a pasted link to an earlier review, before asking the server (which reads
 * the forms a person may paste, and says precisely what is wrong with the rest).
 */
export function checkBoardLink(input: string): { ok: true; link: string } | { ok: false; error: string } {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Paste the link of the earlier review first.' };
  if (text.length > 2_000 || /\s/.test(text)) {
    return { ok: false, error: 'That is not a Debrief board link. Copy it from the earlier board’s Share dialog: it looks like …/b/<board>#token=….' };
  }
  return { ok: true, link: text };
}

/** Someone present on the board, as far as readiness cares. */
export interface PresentWriter {
  voterId: string;
  role: 'facilitator' | 'participant' | 'viewer';
}

/**
 * What the facilitator reads: "3 of 5 ready", counting the people present who can write other than
 * facilitators, or "3 ready" when nobody else is here (pre-work, say).
 */
export function readinessSummary(ready: ReadonlySet<string>, present: readonly PresentWriter[], selfId: string): {
  ready: number;
  of: number | null;
  text: string;
} {
  const others = new Map<string, PresentWriter>();
  for (const p of present) if (p.role === 'participant' && p.voterId !== selfId) others.set(p.voterId, p);
  if (others.size === 0) {
    const n = [...ready].filter((id) => id !== selfId).length;
    return { ready: n, of: null, text: `${n} ready` };
  }
  const n = [...others.keys()].filter((id) => ready.has(id)).length;
  return { ready: n, of: others.size, text: `${n} of ${others.size} ready` };
}
