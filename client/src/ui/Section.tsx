// A titled section of the board, with a one-line prompt and room for tools on the right.
import type { ReactNode } from 'react';
import './ui.css';

interface SectionProps {
  id: string;
  title: string;
  count?: number;
  prompt?: ReactNode;
  tools?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function Section({ id, title, count, prompt, tools, className, children }: SectionProps) {
  return (
    <section id={id} className={`board-section${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-title`}>
      <div className="board-section__header">
        <div className="board-section__heading">
          <h2 id={`${id}-title`} className="board-section__title">
            {title}
            {count !== undefined && <span className="board-section__count">{count}</span>}
          </h2>
          {prompt && <p className="board-section__prompt">{prompt}</p>}
        </div>
        {tools && <div className="board-section__tools">{tools}</div>}
      </div>
      {children}
    </section>
  );
}
