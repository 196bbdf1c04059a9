// Learnings: what each person learned or will change, added as the meeting closes.
export * from './schema';
export * from './read';
export * from './write';
