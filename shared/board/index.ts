// The board document: its schema, origins, reads and mutations. Import the board from here.
export * from './schema';
export * from './origins';
export * from './doc';
export * from './migrations';
export { applyTextEdit } from './text';
