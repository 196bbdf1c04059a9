// Arranging factors into the tray and the three columns, each with its clusters and loose notes.
import { useMemo, useRef } from 'react';
import {
  FACTOR_CATEGORY_LABELS,
  type ContributingFactor,
  type FactorCluster,
} from '../../../../shared/board';
import { replaceEqualDeep } from '../../sync/useBoardValue';
import { COLUMN_KEYS, columnOf, type ColumnKey } from './dnd';

export interface ClusterGroup {
  id: string;
  cluster: FactorCluster;
  factors: ContributingFactor[];
}

export interface FactorColumnData {
  id: ColumnKey;
  clusters: ClusterGroup[];
  loose: ContributingFactor[];
  count: number;
}

/** A factor's key for ui/windowing's `revealItem` (a factor in a cluster comes with its cluster). */
export const factorRevealKey = (id: string) => `factor:${id}`;

export const COLUMN_LABELS: Record<ColumnKey, string> = { unsorted: 'Unsorted', ...FACTOR_CATEGORY_LABELS };

export const COLUMN_HINTS: Record<ColumnKey, string> = {
  unsorted: 'New notes land here. Move each to the column it fits.',
  people: 'Load, fatigue, handovers, training, who knew what.',
  process: 'Reviews, runbooks, ownership, how work flowed.',
  technology: 'Monitoring, defaults, tests, tooling, design.',
};

export function arrangeColumns(factors: readonly ContributingFactor[], clusters: readonly FactorCluster[]): FactorColumnData[] {
  const columns = new Map<ColumnKey, FactorColumnData>(
    COLUMN_KEYS.map((k) => [k, { id: k, clusters: [], loose: [], count: 0 }]),
  );
  const groups = new Map<string, ClusterGroup>();
  for (const c of clusters) {
    const group: ClusterGroup = { id: c.id, cluster: c, factors: [] };
    groups.set(c.id, group);
    columns.get(c.category)!.clusters.push(group);
  }
  for (const f of factors) {
    const column = columns.get(columnOf(f.category))!;
    column.count++;
    const group = f.clusterId ? groups.get(f.clusterId) : undefined;
    if (group) group.factors.push(f);
    else column.loose.push(f);
  }
  for (const column of columns.values()) column.clusters = column.clusters.filter((g) => g.factors.length > 0);
  return [...columns.values()];
}

/** The arrangement, keeping unchanged columns, clusters and notes identical between renders. */
export function useColumns(factors: readonly ContributingFactor[], clusters: readonly FactorCluster[]): FactorColumnData[] {
  const previous = useRef<FactorColumnData[]>([]);
  return useMemo(() => {
    const next = replaceEqualDeep(previous.current, arrangeColumns(factors, clusters));
    previous.current = next;
    return next;
  }, [factors, clusters]);
}
