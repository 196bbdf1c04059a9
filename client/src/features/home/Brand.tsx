// The Debrief mark and name; a link home.
import { navigate } from '../../services/router';

export function Brand({ compact = false }: { compact?: boolean }) {
  return (
    <a
      className="brand"
      href="/"
      aria-label="Debrief home"
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate('/');
      }}
    >
      <svg className="brand__mark" width="24" height="24" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--accent)" />
        <path d="M11 9h5.5a7 7 0 0 1 0 14H11z" fill="none" stroke="#fff" strokeWidth="3" strokeLinejoin="round" />
      </svg>
      {!compact && <span className="brand__name">Debrief</span>}
    </a>
  );
}
