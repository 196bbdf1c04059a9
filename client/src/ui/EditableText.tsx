// A text box bound to shared text that others may be typing into at the same moment.
//
// It is uncontrolled on purpose: React does not re-render on our own keystrokes, and the board's
// mutation turns each write into the smallest edit, so two people typing both keep their words.
// When someone else's edit arrives, the new text is put in place and the caret is moved with the
// text around it, so it never jumps.
//
// A keystroke is painted before it is written: the write waits until just after the frame that
// shows the key, so the board's observers, the note's re-render and the sync message cost the next
// frame, not this one (docs/benchmarks.md, "Issue 15, ninth pass"). The edit is made on the text
// the box last matched and moved onto the board's text as it is then (`read`, rebaseText), so a
// peer's words that arrived in between are kept. Anything that needs the board up to date first (a key handler, leaving the box, someone
// else's edit arriving, the page going away) writes it at once.
//
// Input the board refuses (too long, say) stays on screen with the reason beneath it: nothing a
// person typed is thrown away, and the next valid edit is written as usual.
//
// The box sits in a form of its own: Chrome's autofill looks at the form a changed field belongs
// to after each keystroke, and for a field outside any form that is every such field on the page
// (on a 1,000-note board, 4-8 ms a key).
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { BoardValidationError, changedRun, rebaseText } from '../../../shared/board';
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
  /** The board's text now (not as last rendered): what a keystroke's write, made just after the
   * frame that paints it, is moved onto. */
  read: () => string;
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
  read,
}: EditableTextProps) {
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const composing = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<string | null>(null);
  const errorId = useId();

  // The board's text the box last matched: the text our pending keystrokes were made on.
  const base = useRef(value);
  // A keystroke not yet written to the board: its write's cancel.
  const pending = useRef<(() => void) | null>(null);

  const fail = (message: string | null) => {
    errorRef.current = message;
    setError(message);
  };

  /** Writes the box's text to the board, moved onto the board's current text when a peer's edit
   * arrived since the box last matched it. */
  const write = () => {
    const cancel = pending.current;
    pending.current = null;
    cancel?.();
    const el = ref.current;
    if (!el) return;
    const mine = el.value;
    let next = mine;
    const theirs = read();
    if (theirs !== base.current) {
      next = rebaseText(base.current, mine, theirs);
      if (next !== mine) showText(el, next);
    }
    const refusal = validate?.(next) ?? null;
    if (refusal) return fail(refusal);
    try {
      onChange(next);
      base.current = next;
      if (errorRef.current) fail(null);
    } catch (err) {
      if (err instanceof BoardValidationError) fail(err.message);
      else throw err;
    }
  };
  const writeRef = useRef(write);
  writeRef.current = write;

  /** A keystroke: written once the frame showing it is painted. */
  const typed = () => {
    if (pending.current) return;
    pending.current = afterNextPaint(() => writeRef.current());
  };
  const flush = () => {
    if (pending.current) write();
  };

  // Someone else's edit (or an undo) changed the text: show it, keeping the caret in place.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Our keystroke not yet written goes first, moved onto their text; the render that follows
    // shows both.
    if (pending.current) return writeRef.current();
    if (el.value === value) {
      base.current = value;
      return;
    }
    // While our own text is refused or an input method is composing, ours stays on screen.
    if (errorRef.current || composing.current) return;
    showText(el, value);
    base.current = value;
  }, [value]);

  // A keystroke still waiting when the box goes away is written first (a layout effect's clean-up
  // runs while the box is still attached).
  useLayoutEffect(
    () => () => {
      if (pending.current) writeRef.current();
    },
    [],
  );

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
    autoComplete: 'off',
    onInput: () => {
      if (!composing.current) typed();
    },
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: () => {
      composing.current = false;
      write();
    },
    // A key handler (Enter, Escape, undo) acts on the board with every earlier key in it.
    onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement | HTMLInputElement>) => {
      flush();
      onKeyDown?.(e);
    },
    onBlur: flush,
  };

  return (
    <form className={`editable${className ? ` ${className}` : ''}`} onSubmit={(e) => e.preventDefault()}>
      {multiline ? (
        <textarea {...common} rows={rows} className="editable__box editable__box--multiline" />
      ) : (
        <input {...common} type="text" className="editable__box" />
      )}
      {error && <InlineError id={errorId}>{error}</InlineError>}
      {multiline && <NoteLinks text={value} />}
    </form>
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

/** Puts `text` in the box, the caret kept on the same character. */
function showText(el: HTMLTextAreaElement | HTMLInputElement, text: string): void {
  const focused = document.activeElement === el;
  const { selectionStart, selectionEnd, selectionDirection } = el;
  const map = caretMapper(el.value, text);
  el.value = text;
  if (focused && selectionStart !== null && selectionEnd !== null) {
    el.setSelectionRange(map(selectionStart), map(selectionEnd), selectionDirection ?? undefined);
  }
}

/** Runs `fn` just after the next frame is painted: a task queued from the frame's animation
 * callback runs once that frame is drawn. A hidden page draws no frames, so it runs within 100 ms
 * regardless, and before the page goes away. Returns a cancel. */
function afterNextPaint(fn: () => void): () => void {
  let done = false;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const run = () => {
    if (done) return;
    cancel();
    fn();
  };
  const cancel = () => {
    done = true;
    cancelAnimationFrame(frame);
    for (const t of timers) clearTimeout(t);
    window.removeEventListener('pagehide', run);
  };
  const frame = requestAnimationFrame(() => timers.push(setTimeout(run, 0)));
  timers.push(setTimeout(run, 100));
  window.addEventListener('pagehide', run);
  return cancel;
}

/** Maps a caret offset in `prev` to the same place in `next`, where `next` differs from `prev`
 * by one changed run (what a remote edit looks like between two keystrokes). */
export function caretMapper(prev: string, next: string): (offset: number) => number {
  const { start, endPrev, endNext } = changedRun(prev, next);
  return (offset) => {
    if (offset <= start) return offset;
    if (offset >= endPrev) return offset + (endNext - endPrev);
    return endNext;
  };
}
