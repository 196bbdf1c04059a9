// Marks on the page's performance timeline (`debrief:<step>`) at the steps of opening the app and
// a board, so that a trace or bench/board-waterfall.ts shows where the first render's time goes.
// A mark costs a few microseconds; the first of each name is the one that counts.

const marked = new Set<string>();

/** Marks `step` on the performance timeline, once per page load. */
export function markBoot(step: string): void {
  if (marked.has(step)) return;
  marked.add(step);
  try {
    performance.mark(`debrief:${step}`);
  } catch {
    /* no User Timing: nothing to mark */
  }
}
