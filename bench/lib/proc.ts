// Reads a process's CPU time and memory from /proc (Linux only): what the benchmarks charge to a server.
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for utime/stime in /proc/<pid>/stat (USER_HZ; 100 on every Linux we run on). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of the whole process (all threads), in milliseconds, at tick resolution. */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: split after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM, ...), converted to MiB; NaN if absent. */
export function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Samples a process's resident memory on an interval and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peakMiB = 0;

  constructor(private readonly pid: number) {}

  start(intervalMs = 50): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): number {
    try {
      const rss = statusMiB(this.pid, 'VmRSS');
      if (rss > this.peakMiB) this.peakMiB = rss;
      return rss;
    } catch {
      return Number.NaN; // the process has exited
    }
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

/** What the benchmark reports about the machine it ran on. */
export function machineInfo(): { cpu: string; cores: number; memGiB: number; node: string; os: string; kernel: string } {
  const cpuinfo = safeRead('/proc/cpuinfo');
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  const memKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(safeRead('/proc/meminfo'))?.[1] ?? Number.NaN);
  const os = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(safeRead('/etc/os-release'))?.[1] ?? 'unknown';
  const kernel = safeRead('/proc/sys/kernel/osrelease').trim();
  return { cpu, cores, memGiB: Math.round((memKb / 1024 / 1024) * 10) / 10, node: process.version, os, kernel };
}

/** 1, 5 and 15 minute load averages: how busy the machine was besides the benchmark. */
export function loadAverage(): [number, number, number] {
  const parts = safeRead('/proc/loadavg').split(' ').map(Number);
  return [parts[0] ?? Number.NaN, parts[1] ?? Number.NaN, parts[2] ?? Number.NaN];
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
