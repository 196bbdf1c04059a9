// Turning text people typed on the board into Markdown that shows exactly that text. No note may
// add structure (a heading, a list, a table column, a link) or raw HTML to the report, however it
// was written. Pure functions; the report (markdown.ts) is their only caller.
//
// The rules, for GitHub-flavoured Markdown (CommonMark + tables, strikethrough, autolinks, math):
//   - `<` and `>` become entities, and so does `&` wherever it could start an entity reference
//     (`&lt;`, `&#60;`), so no HTML tag, comment, autolink or entity survives; "R&D" stays "R&D".
//   - Characters that open inline structure are backslash-escaped everywhere: \ ` * _ [ ] | ~ $
//     (`[` covers links, images and footnotes; `|` keeps table cells whole; `$` is math).
//   - `#` is escaped where it could open a heading or close one (line start, after a space).
//   - A line never starts with something a block could open with: its indentation is dropped
//     (four spaces would make code) and a leading - + = or an ordered-list marker is escaped.
//   - Control characters and invisible direction overrides are removed; tabs become spaces.

/** Removes what should never reach a report: control characters (but newlines), bidirectional
 * overrides that could make a line display differently from what it says, and carriage returns. */
export function cleanText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // C0 and C1 controls other than \n, and the bidi embedding, override and isolate marks.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

const INLINE_SPECIAL = /[\\`*_[\]|~$]/g;
// An & followed by what could complete an entity reference (named, decimal or hex).
const HTML_SPECIAL = /[<>]|&(?=#?[A-Za-z0-9]+;)/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes one line of text (no newlines) so it reads as itself wherever inline Markdown is
 * allowed: a paragraph, a list item, a heading, a table cell. Leading and trailing spaces are
 * dropped (they would make code blocks or hard breaks). */
export function escapeLine(line: string): string {
  let out = cleanText(line)
    .replace(/\n/g, ' ')
    .trim()
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(HTML_SPECIAL, (c) => ENTITY[c]!)
    // A `#` at the start opens a heading; after a space it could close one.
    .replace(/(^|\s)#/g, '$1\\#');
  // Block openers at the start of a line: list markers, setext underlines, thematic breaks.
  if (/^[-+=]/.test(out)) out = `\\${out}`;
  out = out.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return out;
}

/** Splits text into its non-blank lines, each escaped. */
export function escapeLines(value: string): string[] {
  return cleanText(value)
    .split('\n')
    .map(escapeLine)
    .filter((line) => line !== '');
}

/** Escapes text for one line of output: line breaks become spaces. For names, titles and
 * anything shown inline. */
export function escapeInline(value: string): string {
  return escapeLine(cleanText(value).replace(/\n/g, ' ').replace(/ {2,}/g, ' '));
}

/** Escapes text for a GFM table cell: line breaks become `<br>`, pipes cannot split the cell.
 * Empty text reads as `fallback`. */
export function escapeTableCell(value: string, fallback = '—'): string {
  const lines = escapeLines(value);
  return lines.length === 0 ? fallback : lines.join('<br>');
}

/** Escapes text for a list item's body: its lines are kept as hard line breaks (a trailing
 * backslash), continuation lines indented by `indent` so they stay inside the item. */
export function escapeListItem(value: string, indent: string, fallback = '—'): string {
  const lines = escapeLines(value);
  return lines.length === 0 ? fallback : lines.join(`\\\n${indent}`);
}

/** Escapes multi-paragraph text (a summary): blank lines separate paragraphs, single line
 * breaks are kept as hard breaks. Returns the paragraphs; empty text gives none. */
export function escapeParagraphs(value: string): string[] {
  return cleanText(value)
    .split(/\n\s*\n/)
    .map((paragraph) => escapeLines(paragraph).join('\\\n'))
    .filter((paragraph) => paragraph !== '');
}

// Characters that may stand in a URL written into Markdown as-is; everything else is
// percent-encoded. Leaves out ( ) < > [ ] * ` \ | " ' { } ^ and spaces, which Markdown or HTML
// could read as structure.
const URL_SAFE = /[A-Za-z0-9\-._~:/?#@!$&+,;=%]/;

/** The address to link to if `value` is an http(s) URL, made safe to place in Markdown
 * (`<...>` autolinks and `(...)` destinations alike); null for anything else, which must then be
 * shown as text, never linked. */
export function safeHttpUrl(value: string): string | null {
  if (typeof value !== 'string' || value.length > 2_000) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  let out = '';
  for (const char of url.href) {
    if (URL_SAFE.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Shortens text to at most `max` characters (whole code points, never half an emoji), on one
 * line, cutting at a word boundary when one is near and ending with an ellipsis. Unescaped: escape
 * the result, not the input, so a cut never splits an escape. */
export function shorten(value: string, max: number): string {
  const flat = cleanText(value).replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, Math.max(1, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  const head = space >= cut.length * 0.6 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.]+$/, '')}…`;
}
