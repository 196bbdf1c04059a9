// Contributing factors, their clusters, and their causal links to timeline events.
export * from './schema';
export { readClusters, readFactors } from './read';
export { addFactor, deleteFactor, moveFactor, orderBetween, updateFactorText, type FactorPlacement, type NewFactor } from './write';
export * from './links';
export * from './clusters';
export * from './recurrence';
