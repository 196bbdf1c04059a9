// The board's own fields: title, incident date and link, summary, schema version.
export * from './schema';
export * from './read';
export * from './write';
