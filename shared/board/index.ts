// The board document: one folder per record type around a small core. Import the board from here.
//   core/       roots (the layout's names), readers, the write context, validation, text edits
//   meta/       title, incident date and link, summary
//   events/     the timeline
//   factors/    contributing factors, clusters, causal links to events
//   votes/      ballots, tallies, names on ballots
//   actions/    action items
//   learnings/  learnings
//   meeting/    check-in lines, readiness, participants
//   board.ts    the whole board as plain data; migrations.ts: schema versions
//   drafts.ts   a person's private drafts document and the reveal into the board
export * from './origins';
export * from './core/schema';
export { ROOT, SLICE, roots, undoScope, subscribeRoots, type BoardRoots, type RootName, type SliceName, type WatchName } from './core/roots';
export { combineReaders, defineReader, type BoardReader, type RootsReader } from './core/reader';
export { withOrigin, type WriteContext } from './core/context';
export { BoardValidationError } from './core/validate';
export { applyTextEdit, changedRun, rebaseText, readTextField, type TextFieldAt } from './core/text';
export * from './meta';
export * from './events';
export * from './factors';
export * from './votes';
export * from './actions';
export * from './learnings';
export * from './meeting';
export * from './board';
export * from './migrations';
export * from './drafts';
