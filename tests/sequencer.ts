// The order test files start in: longest first within each project, so the two workers end
// together instead of one waiting on a long file that started last. vitest keeps each file's last
// duration in node_modules/.vite and orders by it; a clean clone (CI) has none, and vitest then
// orders by file size, which put the accessibility walk (a short file, the longest run) last.
// tests/durations.json holds the durations of a measured run (ms, `project:path`), used for files
// with no duration of their own yet. Regenerate it when the suite's balance changes much.
import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const MEASURED = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'durations.json'), 'utf8')) as Record<string, number>;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const duration = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${path.relative(root, spec.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? MEASURED[key] ?? 0;
    };
    return [...files].sort((a, b) => {
      const order = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      if (order !== 0) return order;
      if (a.project.name !== b.project.name) return a.project.name < b.project.name ? -1 : 1;
      return duration(b) - duration(a);
    });
  }
}
