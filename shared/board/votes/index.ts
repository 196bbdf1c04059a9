// Dot-voting: ballots, tallies, names on ballots, and the board's old vote settings.
export * from './schema';
export * from './read';
export * from './write';
