// Dot-voting: the vocabulary. Ballots live in the board document (each voter writes only their
// own); the rules (dots per person, cap, reveal, named voting) in the facilitation document.
import type { ClusterId, FactorId, VoterId } from '../../ids';

/** Something dots can be spent on. */
export type VoteTargetId = FactorId | ClusterId;

export interface VoteSettings {
  /** Dots each participant may spend. */
  voteBudget: number;
  /** Most dots one participant may put on one target; null for no cap. */
  perTargetCap: number | null;
}

export const DEFAULT_VOTE_SETTINGS: VoteSettings = { voteBudget: 3, perTargetCap: null };

/** One voter's dots: target id -> number of dots. */
export type Ballot = ReadonlyMap<VoteTargetId, number>;

/** One voter's own dots and how many they have left. */
export interface MyVotes {
  ballot: Ballot;
  left: number;
  budget: number;
}

/** Ballots by voter. */
export type Ballots = ReadonlyMap<VoterId, Ballot>;
