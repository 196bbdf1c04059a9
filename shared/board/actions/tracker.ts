// Action items sent to a tracker: what the board shows of the issue made for one (its key and
// link, or the failure in plain words), written by the server only (server/trackers/service.ts)
// from its own record: a client's write here is put back by the server at once. Status back from the tracker changes the action item's own `status`.
//   actionTrackers  Y.Map<ActionItemId, plain object>  tracker, state, key, url, issueState, error, retryAt
import type * as Y from 'yjs';
import type { ActionItemId } from '../../ids';
import type { WriteContext } from '../core/context';
import { num, oneOf, str } from '../core/fields';
import { defineReader } from '../core/reader';
import { ROOT, roots } from '../core/roots';

/** sending: the request is on its way; sent: the issue exists; failed: see `error`. */
export type ActionTrackerState = 'sending' | 'sent' | 'failed';
const STATES: readonly ActionTrackerState[] = ['sending', 'sent', 'failed'];

/** What the board shows about an action item's issue. */
export interface ActionTrackerIssue {
  /** The tracker's name as people know it: GitHub, GitLab, Jira, Linear. */
  tracker: string;
  state: ActionTrackerState;
  /** `#12`, `ENG-42`; '' until sent. */
  key: string;
  /** The issue's page (http/https only; '' otherwise). */
  url: string;
  /** '' | 'open' | 'closed'. */
  issueState: '' | 'open' | 'closed';
  /** The last failure in plain words; '' when none. */
  error: string;
  /** When Debrief will try again by itself (ms since the epoch; 0: only on Retry). */
  retryAt: number;
}

const safeUrl = (v: unknown): string => {
  const s = str(v);
  return /^https?:\/\//i.test(s) ? s.slice(0, 2000) : '';
};

/** The issue of each action item that was sent (or tried to be). */
export const readActionTrackers = defineReader([ROOT.actionTrackers], ({ actionTrackers }): Map<ActionItemId, ActionTrackerIssue> => {
  const out = new Map<ActionItemId, ActionTrackerIssue>();
  actionTrackers.forEach((value, id) => {
    if (!value || typeof value !== 'object') return;
    const v = value as Record<string, unknown>;
    out.set(id as ActionItemId, {
      tracker: str(v.tracker).slice(0, 40),
      state: oneOf(v.state, STATES, 'failed'),
      key: str(v.key).slice(0, 100),
      url: safeUrl(v.url),
      issueState: oneOf(v.issueState, ['', 'open', 'closed'] as const, ''),
      error: str(v.error).slice(0, 500),
      retryAt: num(v.retryAt),
    });
  });
  return out;
});

/** Replaces what the board shows of an action item's issue (the server's write). */
export function setActionTracker(doc: Y.Doc, id: ActionItemId, issue: ActionTrackerIssue, ctx: WriteContext): void {
  doc.transact(() => roots(doc).actionTrackers.set(id, { ...issue }), ctx.origin);
}
