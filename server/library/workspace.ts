// The workspace: the team space every board belongs to (one per server), created at the first
// start. Its members are the people signed in through OpenID Connect when sign-in is configured;
// otherwise whoever holds the workspace link, which the server prints once, at the start that made
// it (only its SHA-256 is stored), and which the admin replaces with `npm run workspace-link`
// (the old link then answers WORKSPACE_LINK_REVOKED).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hashToken, newToken, tokenOf } from '../auth';
import { apiError } from '../errors';
import type { SignIn } from '../plugins/sign-in';
import type { WorkspaceRecord } from '../storage/library';
import type { BoardStore } from '../storage/types';

/** Who a member is, as far as the server knows: a signed-in person's name, or a link holder (null). */
export interface Member {
  name: string | null;
  email: string | null;
}

/** The path a workspace link opens, with its token in the fragment (never sent to servers or logs). */
export const workspaceLinkPath = (token: string): string => `/library#key=${encodeURIComponent(token)}`;

/**
 * Makes sure the workspace exists. Answers it and, when this call made a member link (first start,
 * or sign-in was turned off since), the link's token: shown once, never stored in clear.
 */
export async function openWorkspace(
  store: BoardStore,
  input: { name: string; membersSignIn: boolean; indexFormat: string; now?: number },
): Promise<{ workspace: WorkspaceRecord; newToken: string | null }> {
  const now = input.now ?? Date.now();
  const token = input.membersSignIn ? null : newToken();
  const { workspace, created } = await store.library.ensureWorkspace({
    name: input.name,
    linkHash: token ? hashToken(token) : null,
    createdAt: now,
    // A new index starts empty: the indexer's catch-up rebuilds it for this format anyway.
    indexFormat: '',
  });
  if (created) return { workspace, newToken: token };
  if (!input.membersSignIn && workspace.linkHash === null) {
    // Made while sign-in was on: members now need a link.
    const fresh = newToken();
    await store.library.rotateWorkspaceLink(hashToken(fresh), now);
    return { workspace: { ...workspace, linkHash: hashToken(fresh) }, newToken: fresh };
  }
  return { workspace, newToken: null };
}

/** Replaces the member link; answers the new token (the old link stops working at once). */
export async function rotateWorkspaceLink(store: BoardStore, now: number = Date.now()): Promise<string> {
  const token = newToken();
  if (!(await store.library.rotateWorkspaceLink(hashToken(token), now))) {
    throw new Error('There is no workspace yet: start the server once to create it.');
  }
  return token;
}

/** The member behind a request, or a 401 catalogue error saying how to get in. */
export async function authorizeMember(store: BoardStore, signIn: SignIn, request: FastifyRequest): Promise<Member> {
  if (signIn.available) {
    const identity = await signIn.identity(request);
    if (!identity) throw apiError('WORKSPACE_SIGN_IN_REQUIRED');
    return { name: identity.name, email: identity.email };
  }
  const token = tokenOf(request);
  if (!token) throw apiError('WORKSPACE_LINK_MISSING');
  if (token.length > 200) throw apiError('WORKSPACE_LINK_INVALID');
  const workspace = await store.library.getWorkspace();
  const hash = hashToken(token);
  if (workspace?.linkHash && workspace.linkHash.length === hash.length && timingSafeEqual(workspace.linkHash, hash)) {
    return { name: null, email: null };
  }
  if ((await store.library.findRetiredWorkspaceLink(hash)) !== null) throw apiError('WORKSPACE_LINK_REVOKED');
  throw apiError('WORKSPACE_LINK_INVALID');
}
