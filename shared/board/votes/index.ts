// Dot-voting: ballots, tallies, names on ballots, and the board's old vote settings.
export * from './schema';
export { readBallots, readMyVotes, readTallies, readVoteSettings, readVoteSettingsOf, readVoterNames } from './read';
export * from './write';
