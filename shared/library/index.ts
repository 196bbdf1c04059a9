// The incident library: vocabulary and wire types (schema.ts) and the search language (query.ts).
export * from './schema';
export * from './query';
export * from './recurring';
export * from './distribution';
