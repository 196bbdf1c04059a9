// Action items: specific, owned, dated changes, traced to the factors they address.
export * from './schema';
export * from './read';
export * from './write';
export * from './tracker';
