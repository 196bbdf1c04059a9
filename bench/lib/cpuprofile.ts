// Summarises a V8 .cpuprofile (node --cpu-prof) over a time window: where a server spent its CPU
// while the benchmark measured it. V8 stamps samples with the monotonic clock in microseconds,
// the same clock as process.hrtime, so a window taken in another process lines up.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  /** Sampled time in the window that was not idle, ms. */
  busyMs: number;
  /** Self time by package or area (node_modules package, node internals, our code, GC). */
  byArea: ProfileEntry[];
  /** Self time by function. */
  bySelf: ProfileEntry[];
  /** Time with the function anywhere on the stack. */
  byInclusive: ProfileEntry[];
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);

/** Which package or part of the runtime a frame belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg && !url.includes('node_modules/.cache/')) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const rel = /\/work\/[^/]+\/(.+)$/.exec(url)?.[1] ?? url;
  return rel.replace(/^file:\/\//, '');
}

const frameName = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/work\/[^/]+\//, '');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
};

/** Self and inclusive time per function and per area for samples in [fromUs, toUs]. */
export function summariseProfile(file: string, fromUs: number, toUs: number, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i]!;
    t += dt;
    if (t < fromUs || t > toUs) continue;
    // Charge the interval up to the next sample to this one (V8's own convention).
    const weight = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    if (IDLE.has(node.callFrame.functionName)) continue;
    busy += weight;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + weight);
    const a = areaOf(node.callFrame.url, node.callFrame.functionName);
    area.set(a, (area.get(a) ?? 0) + weight);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (IDLE.has(n.callFrame.functionName)) continue;
      const key = frameName(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + weight);
    }
  }
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, percent: Math.round((1000 * us) / Math.max(1, busy)) / 10 }));
  return { busyMs: busy / 1000, byArea: list(area), bySelf: list(self), byInclusive: list(inclusive) };
}
