// A text box bound to shared text that others may be typing into at the same moment.
//
// It is uncontrolled on purpose: each keystroke is written straight to the board (the board's
// mutation turns it into the smallest edit, so two people typing both keep their words), and
// React does not re-render on our own keystrokes. When someone else's edit arrives, the new text
// is put in place and the caret is moved with the text around it, so it never jumps.
//
// Input the board refuses (too long, say) stays on screen with the reason beneath it: nothing a
// person typed is thrown away, and the next valid edit is written as usual.
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { BoardValidationError } from '../../../shared/board';
import { InlineError } from './Field';
import { ExternalLink, LinkedText, linksIn, shortUrl } from './links';
import './ui.css';

interface EditableTextProps {
  /** The text as the board holds it now. */
  value: string;
  /** Writes a new text to the board; may throw BoardValidationError. */
  onChange: (next: string) => void;
  /** Accessible name of the box. */
  label: string;
  multiline?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  className?: string;
  /** Minimum visible lines of a multiline box. */
  rows?: number;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement | HTMLInputElement>) => void;
  /** Extra validation before writing (e.g. "cannot be empty"); return a message to refuse. */
  validate?: (next: string) => string | null;
}

export function EditableText({
  value,
  onChange,
  label,
  multiline = false,
  readOnly = false,
  placeholder,
  className,
  rows = 2,
  onKeyDown,
  validate,
}: EditableTextProps) {
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const composing = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<string | null>(null);
  const errorId = useId();

  const fail = (message: string | null) => {
    errorRef.current = message;
    setError(message);
  };

  const commit = () => {
    const el = ref.current;
    if (!el) return;
    const next = el.value;
    const refusal = validate?.(next) ?? null;
    if (refusal) return fail(refusal);
    try {
      onChange(next);
      if (errorRef.current) fail(null);
    } catch (err) {
      if (err instanceof BoardValidationError) fail(err.message);
      else throw err;
    }
  };

  // Someone else's edit (or an undo) changed the text: show it, keeping the caret in place.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || el.value === value) return;
    // While our own text is refused or an input method is composing, ours stays on screen.
    if (errorRef.current || composing.current) return;
    const focused = document.activeElement === el;
    const { selectionStart, selectionEnd, selectionDirection } = el;
    const map = caretMapper(el.value, value);
    el.value = value;
    if (focused && selectionStart !== null && selectionEnd !== null) {
      el.setSelectionRange(map(selectionStart), map(selectionEnd), selectionDirection ?? undefined);
    }
  }, [value]);

  if (readOnly) {
    return (
      <div className={`editable editable--readonly${className ? ` ${className}` : ''}`} aria-label={label}>
        {value ? <LinkedText text={value} /> : <span className="editable__placeholder">{placeholder}</span>}
      </div>
    );
  }

  const common = {
    ref,
    defaultValue: value,
    'aria-label': label,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    placeholder,
    spellCheck: true,
    onInput: () => {
      if (!composing.current) commit();
    },
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: () => {
      composing.current = false;
      commit();
    },
    onKeyDown,
  };

  return (
    <div className={`editable${className ? ` ${className}` : ''}`}>
      {multiline ? (
        <textarea {...common} rows={rows} className="editable__box editable__box--multiline" />
      ) : (
        <input {...common} type="text" className="editable__box" />
      )}
      {error && <InlineError id={errorId}>{error}</InlineError>}
      {multiline && <NoteLinks text={value} />}
    </div>
  );
}

/** The addresses in a note being edited, as links under it (a text box cannot hold links). */
function NoteLinks({ text }: { text: string }) {
  const links = linksIn(text);
  if (links.length === 0) return null;
  return (
    <ul className="editable__links" aria-label="Links in this note">
      {links.map((href) => (
        <li key={href}>
          <ExternalLink href={href} className="editable__link">
            {shortUrl(href)}
          </ExternalLink>
        </li>
      ))}
    </ul>
  );
}

/** Maps a caret offset in `prev` to the same place in `next`, where `next` differs from `prev`
 * by one changed run (what a remote edit looks like between two keystrokes). */
export function caretMapper(prev: string, next: string): (offset: number) => number {
  let start = 0;
  const min = Math.min(prev.length, next.length);
  while (start < min && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  return (offset) => {
    if (offset <= start) return offset;
    if (offset >= endPrev) return offset + (endNext - endPrev);
    return endNext;
  };
}
