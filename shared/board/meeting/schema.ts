// The meeting's own records: the opening check-in, who is done with a phase, who has opened the
// board. The vocabulary.
import type { CheckinId, VoterId } from '../../ids';

/** The three prompts of the meeting's opening check-in. */
export type CheckinKind = 'worked' | 'didnt' | 'surprised';
export const CHECKIN_KINDS: readonly CheckinKind[] = ['worked', 'didnt', 'surprised'];
export const CHECKIN_LABELS: Record<CheckinKind, string> = {
  worked: 'What worked',
  didnt: "What didn't",
  surprised: 'What surprised you',
};

/** One line someone added at check-in. */
export interface CheckinLine {
  id: CheckinId;
  kind: CheckinKind;
  text: string;
  createdAt: number;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}

/** Someone who has opened the board (for counts; names are shown only where the board allows). */
export interface Participant {
  id: VoterId;
  name: string;
  firstSeen: number;
}
