// The facilitation document: phases, timer, vote settings and reveal, authorship, ground rules.
export * from './schema';
export * from './doc';
