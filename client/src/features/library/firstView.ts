// What the workspace pages show before anyone touches a filter: the pages start from these, and
// the workspace entry (app/workspaceEntry.ts) asks the server for the same lists before the pages'
// code has loaded, so both must agree to the letter (services/workspace.ts, startEarly).
import type { FollowUpSort, LibrarySort } from '../../../../shared/library';
import type { Route } from '../../services/router';
import type { startEarly } from '../../services/workspace';

/** The library home's filters at first. */
export const FIRST_REVIEW_FILTERS = { severity: '', status: '', service: '', tag: '', sort: 'incidentDate' as LibrarySort };

/** The follow-ups page's filters at first: what is not done yet, soonest due first. */
export const FIRST_FOLLOW_UP_FILTERS = { status: 'open,in-progress', overdue: false, sort: 'due' as FollowUpSort };

/** What a workspace page reads first, to be asked for early (nothing for the others). */
export function firstReads(route: Route): Parameters<typeof startEarly>[0] {
  switch (route.page) {
    case 'library':
      return ['workspace', { reviews: { ...FIRST_REVIEW_FILTERS, page: 1 } }];
    case 'follow-ups':
      return [{ followUps: { ...FIRST_FOLLOW_UP_FILTERS, page: 1 } }];
    default:
      return [];
  }
}
