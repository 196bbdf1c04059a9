// The whole board as plain data (what the report renders), made of every record type's reader.
import type { VoterId } from '../ids';
import { readActions } from './actions/read';
import type { ActionItem } from './actions/schema';
import { combineReaders } from './core/reader';
import { readEvents } from './events/read';
import type { TimelineEvent } from './events/schema';
import { readClusters, readFactors } from './factors/read';
import type { ContributingFactor, FactorCluster } from './factors/schema';
import { readLearnings } from './learnings/read';
import type { Learning } from './learnings/schema';
import { readCheckins, readParticipants } from './meeting/read';
import type { CheckinLine, Participant } from './meeting/schema';
import { readMeta } from './meta/read';
import type { BoardMeta } from './meta/schema';
import { readBallots, readVoteSettings, readVoterNames } from './votes/read';
import type { Ballot, VoteSettings } from './votes/schema';

/** Everything on a board, as plain data (what the report renders). */
export interface BoardSnapshot {
  meta: BoardMeta;
  settings: VoteSettings;
  events: TimelineEvent[];
  factors: ContributingFactor[];
  clusters: FactorCluster[];
  actions: ActionItem[];
  learnings: Learning[];
  checkins: CheckinLine[];
  participants: Participant[];
  ballots: ReadonlyMap<VoterId, Ballot>;
  /** Names voters chose to show with their dots (named voting only); anonymous ballots have none. */
  voterNames: ReadonlyMap<VoterId, string>;
}

/** The whole board as plain data. `settings` are the board's vote settings (the facilitation
 * document's, where there is one; shared/facilitation); by default the board's own. */
export const readBoard = combineReaders(
  {
    meta: readMeta,
    defaultSettings: readVoteSettings,
    events: readEvents,
    factors: readFactors,
    clusters: readClusters,
    actions: readActions,
    learnings: readLearnings,
    checkins: readCheckins,
    participants: readParticipants,
    ballots: readBallots,
    voterNames: readVoterNames,
  },
  (parts, settings?: VoteSettings): BoardSnapshot => ({
    meta: parts.meta,
    settings: settings ?? parts.defaultSettings,
    events: parts.events,
    factors: parts.factors,
    clusters: parts.clusters,
    actions: parts.actions,
    learnings: parts.learnings,
    checkins: parts.checkins,
    participants: parts.participants,
    ballots: parts.ballots,
    voterNames: parts.voterNames,
  }),
);
