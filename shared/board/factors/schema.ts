// Contributing factors and their clusters: the vocabulary.
import type { ClusterId, EventId, FactorId } from '../../ids';
import type { EarlierFactor } from './recurrence';

/** The three lenses a contributing factor is seen through. Never a single "root cause". */
export type FactorCategory = 'people' | 'process' | 'technology';
export const FACTOR_CATEGORIES: readonly FactorCategory[] = ['people', 'process', 'technology'];
export const FACTOR_CATEGORY_LABELS: Record<FactorCategory, string> = {
  people: 'People',
  process: 'Process',
  technology: 'Technology',
};

/** A condition that allowed the incident; `category: null` means it is still in the unsorted tray. */
export interface ContributingFactor {
  id: FactorId;
  text: string;
  category: FactorCategory | null;
  clusterId: ClusterId | null;
  /** Position within its column or cluster; fractional so inserts never renumber others. */
  order: number;
  createdAt: number;
  /** The timeline events this factor helps explain, in timeline order. */
  eventIds: EventId[];
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
  /** Factors of earlier reviews this one is the same as ("same as in <review>"), oldest first. */
  sameAs: EarlierFactor[];
}

/** A named stack of factors within one category. */
export interface FactorCluster {
  id: ClusterId;
  name: string;
  category: FactorCategory;
  order: number;
  createdAt: number;
}

/** What a cluster is called before anyone names it, on the board and in the report. */
export const UNNAMED_CLUSTER = 'Untitled cluster';

/** A cluster's name as people see it: its own, or UNNAMED_CLUSTER while it has none. */
export const clusterDisplayName = (cluster: Pick<FactorCluster, 'name'>): string => cluster.name || UNNAMED_CLUSTER;
