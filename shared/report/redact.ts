// Replacing people's names in a report that leaves the team: each person becomes "Participant A",
// "Participant B", … consistently across the report, so a reader can still follow who did what
// without learning who it was. Pure; the report applies it to a snapshot before rendering.
import type { BoardSnapshot } from '../board';

const LETTER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const WORD = '[\\p{L}\\p{N}_]';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');

/** What a first name shared by two people on the list becomes. */
const AMBIGUOUS = 'a participant';

/** The label for the n-th person (0-based): Participant A … Z, then Participant 27, 28, … */
export const participantLabel = (n: number) => `Participant ${n < LETTER.length ? LETTER[n] : String(n + 1)}`;

const clean = (name: string) => name.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
const firstWord = (name: string) => name.split(' ')[0]!.replace(/[.,]$/, '');

/** A function that replaces every given name in a text. Names that are one person written two
 * ways ("Priya" and "Priya N.") share a label; a first name stands for its person when no other
 * name shares it. Matching ignores case and never touches part of a longer word ("Sam" in
 * "Samantha"). A one-word name takes a
 * capitalised word or initial after it along ("Dana Kowalski", "Dana K."), so no surname is left. */
export function redactor(names: readonly string[]): (text: string) => string {
  const people: string[] = [];
  const labelOf = new Map<string, string>(); // lower-cased form -> label
  const full = [...new Set(names.map(clean).filter((n) => n.length >= 2))];
  const firstCounts = new Map<string, number>();
  for (const n of full) if (n.includes(' ')) firstCounts.set(firstWord(n).toLowerCase(), (firstCounts.get(firstWord(n).toLowerCase()) ?? 0) + 1);

  for (const name of full) {
    const key = name.toLowerCase();
    const first = firstWord(name).toLowerCase();
    // The same person already labelled under their first name, or their full name.
    const existing = labelOf.get(key) ?? (name.includes(' ') && firstCounts.get(first) === 1 ? labelOf.get(first) : undefined);
    const label = existing ?? participantLabel(people.length);
    if (!existing) people.push(name);
    labelOf.set(key, label);
    if (name.includes(' ') && firstCounts.get(first) === 1 && first.length >= 2 && !labelOf.has(first)) labelOf.set(first, label);
  }
  // A first name two people share cannot say which of them it was; it still must not show.
  for (const [first, count] of firstCounts) if (count > 1 && first.length >= 2 && !labelOf.has(first)) labelOf.set(first, AMBIGUOUS);
  if (labelOf.size === 0) return (text) => text;

  const forms = [...labelOf.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<!${WORD})(?:${forms.map(escapeRe).join('|')})(?!${WORD})`, 'giu');
  // Case matters here: a surname starts with a capital ("Nair"), an initial is a capital and a dot.
  const SURNAME = /^\s+(?:\p{Lu}\.|\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\p{N}_])/u;
  return (text) => {
    let out = '';
    let last = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let end = m.index + m[0].length;
      const form = m[0].toLowerCase().replace(/\s+/g, ' ');
      // A one-word name takes the surname or initial after it, so no part of the name is left.
      if (!form.includes(' ')) {
        const surname = SURNAME.exec(text.slice(end));
        if (surname) end += surname[0].length;
      }
      out += text.slice(last, m.index) + labelOf.get(form)!;
      last = end;
      re.lastIndex = end;
    }
    return out + text.slice(last);
  };
}

/** The board with the given names replaced in everything people wrote: title, summary, events and
 * what was known at the time, factors, cluster names, action items and their owners, learnings,
 * check-in lines, and the names on notes (authors) and on ballots (named voting).
 * Participants' own names are replaced too, though the report shows only their number. */
export function redactBoard(board: BoardSnapshot, names: readonly string[]): BoardSnapshot {
  const r = redactor(names);
  return {
    ...board,
    meta: { ...board.meta, title: r(board.meta.title), summary: r(board.meta.summary) },
    events: board.events.map((e) => ({
      ...e,
      text: r(e.text),
      sawAtTheTime: r(e.sawAtTheTime),
      thoughtAtTheTime: r(e.thoughtAtTheTime),
      whyItMadeSense: r(e.whyItMadeSense),
      author: r(e.author),
    })),
    factors: board.factors.map((f) => ({ ...f, text: r(f.text), author: r(f.author) })),
    clusters: board.clusters.map((c) => ({ ...c, name: r(c.name) })),
    actions: board.actions.map((a) => ({ ...a, text: r(a.text), owner: r(a.owner), author: r(a.author) })),
    learnings: board.learnings.map((l) => ({ ...l, text: r(l.text), author: r(l.author) })),
    checkins: board.checkins.map((c) => ({ ...c, text: r(c.text), author: r(c.author) })),
    participants: board.participants.map((p) => ({ ...p, name: r(p.name) })),
    voterNames: new Map([...board.voterNames].map(([id, name]) => [id, r(name)])),
  };
}
