// A labelled form control with an optional hint and error, wired for assistive technology: the
// label names the control, and the hint and error describe it.
import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';
import { WarningIcon } from './icons';
import './ui.css';

interface FieldProps {
  label: ReactNode;
  /** Shown after the label, quieter: "optional". */
  optional?: boolean;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  /** The input, select or textarea; it receives id, aria-describedby and aria-invalid. */
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ label, optional, hint, error, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> (optional)</span>}
      </label>
      {cloneElement(children, {
        id,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
      })}
      {hint && (
        <div className="field__hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && <InlineError id={errorId}>{error}</InlineError>}
    </div>
  );
}

/** A validation or save problem, shown where it happened and announced politely. */
export function InlineError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <div className="inline-error" id={id} role="alert">
      <WarningIcon size={14} />
      <span>{children}</span>
    </div>
  );
}
