// What a connection's presence (awareness) says about who it is. The client chooses its cursor,
// colour and whatever else it shows; the server writes `user.name`, `user.role` and `user.voterId`
// from the connection's identity (the person it authenticated as), so nobody can appear as someone
// else or with a role they do not have (docs/protocol.md, "Presence").
import { ROOM_SCREEN_NAME, type PresenceIdentity, type Role } from '../../shared/protocol';
import type { ConnectionIdentity } from './connection';
import type { AwarenessEntry } from './messages';

/** What a bare link's holder is called in presence (they are not a person on the board). */
const LINK_HOLDER_NAMES: Record<Role, string> = {
  facilitator: 'Facilitator',
  participant: 'Guest',
  viewer: 'Viewer',
};

/**
 * The JSON state to keep for an awareness entry: the client's state with its `user` replaced by the
 * connection's identity (a removal, `null`, stays one). Throws on a state that is not JSON.
 */
export function stampPresence(entry: AwarenessEntry, identity: ConnectionIdentity | null, role: Role): string {
  const parsed: unknown = JSON.parse(entry.state);
  if (parsed === null) return 'null';
  const state: Record<string, unknown> = typeof parsed === 'object' && !Array.isArray(parsed) ? { ...(parsed as object) } : {};
  const claimed = state.user as { color?: unknown; roomScreen?: unknown } | undefined;
  const user: PresenceIdentity = identity?.personId
    ? { name: identity.name, role: identity.role, voterId: identity.personId, person: true }
    : { name: LINK_HOLDER_NAMES[role], role, voterId: `link-${role}-${entry.clientId}`, person: false };
  if (claimed && typeof claimed.color === 'string' && /^#[0-9a-f]{6}$/i.test(claimed.color)) user.color = claimed.color;
  // A room screen hides the name it would show; its role and id stay the connection's own.
  if (claimed?.roomScreen === true) {
    user.name = ROOM_SCREEN_NAME;
    user.roomScreen = true;
  }
  state.user = user;
  return JSON.stringify(state);
}
