// The meeting: check-in lines, "done with this phase", and who has opened the board.
export * from './schema';
export * from './read';
export * from './write';
