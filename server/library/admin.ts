// Who administers the workspace (docs/library.md): whoever presents WORKSPACE_ADMIN_KEY as
// `Authorization: Bearer` (never a query parameter: addresses end up in logs and histories), or,
// with sign-in, a signed-in person whose e-mail is in WORKSPACE_ADMINS. An admin configures what
// belongs to the whole workspace: its trackers (docs/trackers.md).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { apiError } from '../errors';
import type { SignIn } from '../plugins/sign-in';

export interface AdminPolicy {
  workspaceAdminKey: string | null;
  workspaceAdmins: readonly string[];
}

/** Who the admin is, for the log (never the key). */
export interface WorkspaceAdmin {
  via: 'key' | 'sign-in';
  email: string | null;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The admin behind a request, or ADMIN_NOT_CONFIGURED (403) / ADMIN_REQUIRED (401). */
export async function authorizeAdmin(policy: AdminPolicy, signIn: SignIn, request: FastifyRequest): Promise<WorkspaceAdmin> {
  if (!policy.workspaceAdminKey && policy.workspaceAdmins.length === 0) throw apiError('ADMIN_NOT_CONFIGURED');
  if (policy.workspaceAdmins.length > 0 && signIn.available) {
    const identity = await signIn.identity(request);
    const email = identity?.email?.toLowerCase() ?? null;
    if (email && policy.workspaceAdmins.includes(email)) return { via: 'sign-in', email };
  }
  const header = request.headers.authorization;
  const presented = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  // Digests of equal length: the comparison takes the same time whatever was presented.
  if (policy.workspaceAdminKey && presented && timingSafeEqual(digest(presented), digest(policy.workspaceAdminKey))) {
    return { via: 'key', email: null };
  }
  throw apiError('ADMIN_REQUIRED');
}
