// Small readers of Markdown output, for tests: undo our escaping, split table rows into cells, and
// find characters that Markdown would read as structure. Not a Markdown parser; just enough to
// check that user text cannot add structure to a report.

/** ASCII punctuation: what a backslash may escape in CommonMark. */
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Reads escaped inline text back as the characters a reader would see (backslash escapes and
 * the three entities we write). */
export function unescapeMarkdown(escaped: string): string {
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c === '\\' && i + 1 < escaped.length && PUNCTUATION.test(escaped[i + 1]!)) {
      out += escaped[++i];
    } else if (c === '&' && /^&#?[A-Za-z0-9]+;/.test(escaped.slice(i))) {
      const m = /^&(amp|lt|gt);/.exec(escaped.slice(i));
      if (!m) throw new Error(`unexpected entity at ${i} in ${JSON.stringify(escaped)}`);
      out += { amp: '&', lt: '<', gt: '>' }[m[1] as 'amp' | 'lt' | 'gt'];
      i += m[0].length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** Characters that open inline structure or HTML when not escaped. (An & is active only where it
 * starts something shaped like an entity reference.) */
const ACTIVE = new Set(['\\', '`', '*', '_', '[', ']', '|', '~', '$', '<', '>']);

/** The positions of characters in `escaped` that Markdown could read as structure: an active
 * character not consumed by a backslash escape or one of our entities. Empty for safe text. */
export function unescapedActiveCharacters(escaped: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c === '\\' && i + 1 < escaped.length && PUNCTUATION.test(escaped[i + 1]!)) {
      i++;
    } else if (c === '&' && /^&(amp|lt|gt);/.test(escaped.slice(i))) {
      i += escaped.slice(i).indexOf(';');
    } else if (ACTIVE.has(c) || (c === '&' && /^&#?[A-Za-z0-9]+;/.test(escaped.slice(i)))) {
      found.push(i);
    }
  }
  return found;
}

/** The cells of a GFM table row: split on pipes not escaped by a backslash. */
export function tableCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === '\\' && i + 1 < row.length) {
      cell += c + row[++i];
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  // A row starts and ends with a pipe: drop the empty outsides.
  if (cells[0]?.trim() === '') cells.shift();
  if (cells[cells.length - 1]?.trim() === '') cells.pop();
  return cells.map((x) => x.trim());
}

/** The tables of a Markdown text: runs of lines starting with `|`, each as rows of cells. */
export function tables(markdown: string): string[][][] {
  const out: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      if (!current) out.push((current = []));
      current.push(tableCells(line));
    } else {
      current = null;
    }
  }
  return out;
}
