// What this person may do on the board, named plainly.
import type { Role } from '../../../../shared/protocol';
import { EyeIcon } from '../../ui/icons';

const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  participant: 'Participant',
  viewer: 'View only',
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`badge role-badge role-badge--${role}${role === 'facilitator' ? ' badge--accent' : ''}`}>
      {role === 'viewer' && <EyeIcon size={13} />}
      {ROLE_LABELS[role]}
    </span>
  );
}
