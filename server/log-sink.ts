// Where the server's log lines go in production: standard output, written so that logging can
// never block the event loop. pino's default destination writes stdout synchronously, and when
// stdout is a pipe whose reader stopped reading (or exited at the same moment as a SIGTERM), that
// write waits (sonic-boom retries in Atomics.wait): the process hangs, its shutdown deadline timer
// never fires (issue 16). Here:
//   - a pipe or a socket is written through a non-blocking libuv handle; at most MAX_PENDING_BYTES
//     may wait in it, and lines past that are dropped (and counted) rather than buffered;
//   - a broken pipe (EPIPE: the reader is gone) stops writing: lines are dropped from then on;
//   - a regular file is written synchronously (a file never waits for a reader);
//   - a terminal goes through process.stdout.
// At exit, `flush(ms)` waits at most that long for what is pending; whatever is left is lost.
import fs from 'node:fs';
import net from 'node:net';
import type { LogSink } from './logging';

/** Log bytes that may wait for a slow reader before further lines are dropped. */
const MAX_PENDING_BYTES = 1024 * 1024;

export interface StdoutSink extends LogSink {
  /** Lines dropped because the reader was gone or too slow. */
  readonly dropped: number;
  /** Resolves once nothing is pending, or after `timeoutMs`, whichever is first. */
  flush(timeoutMs: number): Promise<void>;
}

/** A log sink writing to file descriptor `fd` (1: stdout) that never blocks. */
export function stdoutSink(fd = 1): StdoutSink {
  let kind: 'stream' | 'file' | 'tty';
  try {
    const stat = fs.fstatSync(fd);
    kind = stat.isFIFO() || stat.isSocket() ? 'stream' : stat.isFile() ? 'file' : 'tty';
  } catch {
    kind = 'tty';
  }
  let dropped = 0;
  if (kind === 'file') {
    return {
      get dropped() {
        return dropped;
      },
      write(line) {
        try {
          fs.writeSync(fd, line);
        } catch {
          dropped++; // a full disk: the line is lost, the server goes on
        }
      },
      flush: async () => undefined,
    };
  }
  const stream: NodeJS.WritableStream & { writableLength: number; destroyed: boolean } =
    kind === 'stream' ? new net.Socket({ fd, readable: false, writable: true }) : process.stdout;
  let broken = false;
  stream.on('error', () => {
    // EPIPE and the like: the reader is gone. Nothing more is written; the server goes on.
    broken = true;
  });
  return {
    get dropped() {
      return dropped;
    },
    write(line) {
      if (broken || stream.destroyed || stream.writableLength > MAX_PENDING_BYTES) {
        dropped++;
        return;
      }
      stream.write(line);
    },
    flush(timeoutMs) {
      if (broken || stream.destroyed || stream.writableLength === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        stream.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
