// The facilitation document's vocabulary: the meeting's phases and what only the facilitator
// decides (phase, timer, vote settings and reveal, whether authors show, ground rules).
// Plain data only; shared/facilitation/doc.ts maps these onto the Y.Doc.
import type { VoteSettings } from '../board';
import type { Severity } from '../library/schema';

/** What kind of incident a review is about: severity, the services it touched, free tags. Only
 * the facilitator sets them (they live here, where only facilitator connections write). */
export interface IncidentFields {
  severity: Severity | '';
  services: string[];
  tags: string[];
}

/** Bumped with each change of the facilitation document's layout. */
export const FACILITATION_SCHEMA_VERSION = 1;

/** The shape of a facilitated postmortem, in order. */
export type Phase = 'prework' | 'groundRules' | 'timeline' | 'factors' | 'voting' | 'actions' | 'learnings' | 'closed';
export const PHASES: readonly Phase[] = [
  'prework',
  'groundRules',
  'timeline',
  'factors',
  'voting',
  'actions',
  'learnings',
  'closed',
];
export const PHASE_LABELS: Record<Phase, string> = {
  prework: 'Pre-work',
  groundRules: 'Ground rules',
  timeline: 'Timeline',
  factors: 'Contributing factors',
  voting: 'Voting',
  actions: 'Action items',
  learnings: 'Learnings',
  closed: 'Closed',
};
/** What each phase is for, in one sentence: shown to everyone while the board is in it. */
export const PHASE_PURPOSES: Record<Phase, string> = {
  prework:
    'Before the meeting: add what you remember to the timeline and any conditions that helped it happen, at your own pace.',
  groundRules:
    'Set the stage: read the ground rules together, check in with one line, and review what we promised last time.',
  timeline: 'Build the story together: what happened, when, and what people saw and believed at each moment.',
  factors: 'Find the conditions that allowed this incident, across people, process and technology. There is no single root cause.',
  voting: 'Spend your dots on the factors that matter most. Nobody sees where dots went until the facilitator reveals them.',
  actions: 'Decide a few specific changes, each with an owner and a date, traced to the factors it addresses.',
  learnings: 'Close the loop: each person adds one thing they learned or will do differently.',
  closed: 'This review is closed. The board is read-only and the report is final.',
};

/** The sections whose new notes can be written privately first: timeline events and factors. */
export type DraftSection = 'timeline' | 'factors';
export const DRAFT_SECTIONS: readonly DraftSection[] = ['timeline', 'factors'];

/** The section a phase builds, when it is one that can be written privately first. */
export function draftSectionOf(phase: Phase): DraftSection | null {
  return phase === 'timeline' || phase === 'factors' ? phase : null;
}

/** Whether dots may be spent or taken back in a phase: from Voting on, while the review is open.
 * Before it (Pre-work, which can run for days, and the phases that build the board) the factors
 * are still being found, and early dots would steer the ones still to come. Afterwards people may
 * still move a dot while deciding actions. */
export function dotsOpenIn(phase: Phase): boolean {
  switch (phase) {
    case 'prework':
    case 'groundRules':
    case 'timeline':
    case 'factors':
    case 'closed':
      return false;
    case 'voting':
    case 'actions':
    case 'learnings':
      return true;
    default: {
      const never: never = phase;
      throw new Error(`Unhandled phase: ${String(never)}`);
    }
  }
}

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** The ground rules a new board starts with; the facilitator can edit them per board. */
export const DEFAULT_GROUND_RULES: readonly string[] = [
  'No blame: we look at conditions and decisions, never at who is at fault.',
  'Assume good intent: everyone did what made sense with what they knew at the time.',
  'Focus on systems: ask how the work made this outcome possible, not who should have known better.',
  'We are here to learn: curiosity over judgement; questions are welcome.',
];

/** A countdown the facilitator started. Times are the server's clock (ms since the epoch). */
export interface PhaseTimer {
  /** When it reaches zero, on the server's clock. */
  endsAt: number;
  /** How long it was set for. */
  durationMs: number;
  /** The phase it was started in. */
  phase: Phase;
}

/** Everything the facilitation document holds, as plain data. */
export interface FacilitationSnapshot {
  phase: Phase;
  /** When the phase last changed (server clock estimate of the facilitator's browser; 0 if never). */
  phaseChangedAt: number;
  /** When the board was closed (0 while open). */
  closedAt: number;
  timer: PhaseTimer | null;
  votes: VoteSettings & {
    /** Tallies are visible to everyone. Until then each person sees only their own dots. */
    revealed: boolean;
    /** Voters' names travel with their dots (off by default: ballots are anonymous). */
    named: boolean;
  };
  /** Notes show who wrote them (off by default). Only notes written while this is on carry a name. */
  showAuthors: boolean;
  /** "Write privately first", per section: while on, each person's new notes there go to their own
   * drafts, seen by nobody else until a facilitator reveals them (docs/facilitation.md). */
  privateWriting: Readonly<Record<DraftSection, boolean>>;
  groundRules: string[];
  /** Top-voted factors or clusters the facilitator said can wait without an action, with why
   * (by factor or cluster id). The report lists them with their reasons. */
  canWait: Readonly<Record<string, string>>;
  /** Severity, services and tags of the incident. */
  incident: IncidentFields;
}

export const FACILITATION_LIMITS = {
  groundRuleLength: 300,
  groundRules: 12,
  /** Longest countdown the facilitator can start. */
  maxTimerMs: 3 * 60 * 60 * 1000,
  minTimerMs: 10 * 1000,
  /** Why a top-voted factor can wait without an action: one or two sentences. */
  canWaitReasonLength: 300,
  /** Factors and clusters marked "can wait" on one board. */
  canWaitEntries: 100,
} as const;
