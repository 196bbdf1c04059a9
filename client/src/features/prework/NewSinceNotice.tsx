// "3 new since you last looked (Tue 14:02)" above a section, with "Mark as seen": what others
// added between this person's visits, for the facilitator preparing the meeting above all.
import { Button } from '../../ui/Button';
import { CheckIcon } from '../../ui/icons';
import { useMarkSeen, usePreviousLook, type PreworkSection } from './usePrework';
import { formatLastLooked } from './visits';
import './prework.css';

const NOUNS: Record<PreworkSection, [string, string]> = {
  timeline: ['event', 'events'],
  factors: ['factor', 'factors'],
};

export function NewSinceNotice({ section, count }: { section: PreworkSection; count: number }) {
  const previous = usePreviousLook();
  const markSeen = useMarkSeen(section);
  if (count === 0 || previous === null) return null;
  const noun = NOUNS[section][count === 1 ? 0 : 1];
  return (
    <div className="new-since" role="status">
      <span className="new-badge" aria-hidden="true">
        New
      </span>
      <span className="new-since__text">
        <strong>
          {count} new {noun}
        </strong>{' '}
        since you last looked <span className="new-since__when">({formatLastLooked(previous)})</span>
      </span>
      <Button variant="ghost" size="sm" icon={<CheckIcon size={14} />} onClick={markSeen} className="new-since__seen">
        Mark as seen
      </Button>
    </div>
  );
}

/** The small "New" badge on a note added since this person last looked. */
export function NewBadge() {
  return (
    <span className="new-badge" title="Added since you last looked">
      New
    </span>
  );
}
