// applyTextEdit: a new string becomes the smallest edit, so two people typing in one note both
// keep their words, and no emoji is ever split in half.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as B from '../../shared/board';
import { LOCAL_ORIGIN, applyTextEdit, rebaseText, readTextField } from '../../shared/board';
import { testContext } from '../helpers/context';

/** A Y.Text holding `initial`, and the deltas each edit produced. */
function tracked(initial: string) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  const deltas: unknown[] = [];
  text.observe((event) => deltas.push(event.delta));
  return { doc, text, deltas };
}

describe('applyTextEdit', () => {
  it('does nothing when the text is unchanged', () => {
    const { text, deltas } = tracked('same');
    applyTextEdit(text, 'same', LOCAL_ORIGIN);
    expect(deltas).toEqual([]);
  });

  it('inserts only what was typed', () => {
    const { text, deltas } = tracked('The pool ran out');
    applyTextEdit(text, 'The connection pool ran out', LOCAL_ORIGIN);
    expect(text.toString()).toBe('The connection pool ran out');
    expect(deltas).toEqual([[{ retain: 4 }, { insert: 'connection ' }]]);
  });

  it('deletes only what was removed', () => {
    const { text, deltas } = tracked('The connection pool ran out');
    applyTextEdit(text, 'The pool ran out', LOCAL_ORIGIN);
    expect(deltas).toEqual([[{ retain: 4 }, { delete: 11 }]]);
  });

  it('replaces only the changed middle', () => {
    const { text, deltas } = tracked('Pool size 10 per worker');
    applyTextEdit(text, 'Pool size 24 per worker', LOCAL_ORIGIN);
    expect(text.toString()).toBe('Pool size 24 per worker');
    // One change, not a delete and then an insert.
    expect(deltas).toEqual([[{ retain: 10 }, { delete: 2 }, { insert: '24' }]]);
  });

  it('makes one transaction with the origin it is given', () => {
    const { doc, text } = tracked('a');
    const origins: unknown[] = [];
    // (Yjs may follow a deletion with an empty clean-up transaction of its own; count real changes.)
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size > 0) origins.push(tr.origin);
    });
    applyTextEdit(text, 'b', LOCAL_ORIGIN);
    const bot = Object.freeze({ kind: 'remote' as const, detail: 'bot' });
    applyTextEdit(text, 'c', bot);
    expect(origins).toEqual([LOCAL_ORIGIN, bot]);
  });

  it('handles emptying and filling a note', () => {
    const { text } = tracked('something');
    applyTextEdit(text, '', LOCAL_ORIGIN);
    expect(text.toString()).toBe('');
    applyTextEdit(text, 'again', LOCAL_ORIGIN);
    expect(text.toString()).toBe('again');
  });

  it('never splits a surrogate pair, whether the emoji differ in their first or second half', () => {
    const cases: Array<[string, string]> = [
      ['alert 😀 fired', 'alert 😁 fired'], // same high surrogate, different low
      ['x\ud800\udc00y', 'x\ud840\udc00y'], // same low surrogate, different high
      ['🔥🔥', '🔥'],
      ['🔥', '🔥🚒'],
      ['a🔥b', 'ab'],
      ['', '👩‍🚒 on call'],
    ];
    for (const [before, after] of cases) {
      const { text, deltas } = tracked(before);
      applyTextEdit(text, after, LOCAL_ORIGIN);
      expect(text.toString(), `${before} → ${after}`).toBe(after);
      expect(text.toString()).not.toContain('\ufffd');
      for (const delta of deltas as Array<Array<{ insert?: string }>>) {
        for (const op of delta) {
          if (op.insert) expect(op.insert, `${before} → ${after}`).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
        }
      }
    }
  });

  it('keeps both people’s words when they type in the same note at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'The pool ran out');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    // Each person's field holds their own version; each keystroke batch is applied as an edit.
    applyTextEdit(a.getText('t'), 'The database pool ran out', LOCAL_ORIGIN);
    applyTextEdit(b.getText('t'), 'The pool ran out of connections', LOCAL_ORIGIN);
    applyTextEdit(b.getText('t'), 'The pool ran out of connections at 14:02', LOCAL_ORIGIN);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('The database pool ran out of connections at 14:02');
    expect(b.getText('t').toString()).toBe(a.getText('t').toString());
  });

  it('keeps both edits when one person deletes a word while another types elsewhere', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Obviously the alert was slow');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    applyTextEdit(a.getText('t'), 'The alert was slow', LOCAL_ORIGIN);
    applyTextEdit(b.getText('t'), 'Obviously the alert was slow to page', LOCAL_ORIGIN);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('The alert was slow to page');
    expect(b.getText('t').toString()).toBe('The alert was slow to page');
  });
});

// A keystroke is written to the board just after the frame that paints it (client/src/ui/
// EditableText.tsx); a peer's edit may arrive in between. The keystroke, made on the text the box
// last matched, is moved onto the board's text as it is now.
describe('rebaseText', () => {
  it('keeps the peer’s words and ours, wherever each typed', () => {
    // Ours before theirs, after theirs, and both at one place (ours first).
    expect(rebaseText('The pool ran out', 'The connection pool ran out', 'The pool ran out at 14:02')).toBe('The connection pool ran out at 14:02');
    expect(rebaseText('The pool ran out', 'The pool ran out at 14:02', 'The connection pool ran out')).toBe('The connection pool ran out at 14:02');
    expect(rebaseText('ab', 'aXb', 'aYb')).toBe('aXYb');
  });

  it('returns ours when nobody else typed, and theirs when we did not', () => {
    expect(rebaseText('same', 'samex', 'same')).toBe('samex');
    expect(rebaseText('same', 'same', 'same!')).toBe('same!');
  });

  it('keeps a keystroke typed into words the peer deleted, and words typed into a range we deleted', () => {
    // They deleted "beta "; we typed an X inside "beta".
    expect(rebaseText('alpha beta gamma', 'alpha beXta gamma', 'alpha gamma')).toBe('alpha Xgamma');
    // We deleted "beta "; they typed inside it.
    expect(rebaseText('alpha beta gamma', 'alpha gamma', 'alpha beYta gamma')).toBe('alpha Ygamma');
    // Both replaced overlapping runs: both replacements stay, the earlier-starting first.
    expect(rebaseText('abcdef', 'aXXdef', 'abcYYf')).toBe('aXXYYf');
  });

  it('never splits an emoji', () => {
    const out = rebaseText('a😀b', 'a😀!b', 'a😀b?');
    expect(out).toBe('a😀!b?');
    expect([...out].every((ch) => ch.length === 1 || ch.codePointAt(0)! > 0xffff)).toBe(true);
  });

  it('gives what Yjs gives for the same two edits when they do not touch (200 random pairs)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const word = () => ['pool ', 'alert ', 'page ', 'db ', ''][rand(5)]!;
    const edit = (s: string, from: number, to: number) => s.slice(0, from) + word() + 'x' + s.slice(to);
    for (let i = 0; i < 200; i++) {
      const base = 'The checkout pool ran out of connections at 14:02 UTC';
      // Two runs that do not overlap or touch: ours in the first half, theirs in the second, or the reverse.
      const cut = 10 + rand(30);
      const a1 = rand(cut - 1);
      const a2 = a1 + rand(cut - 1 - a1);
      const b1 = cut + 1 + rand(base.length - cut - 1);
      const b2 = b1 + rand(base.length - b1);
      const [ours, theirs] = rand(2) ? [edit(base, a1, a2), edit(base, b1, b2)] : [edit(base, b1, b2), edit(base, a1, a2)];
      const x = new Y.Doc();
      const y = new Y.Doc();
      x.getText('t').insert(0, base);
      Y.applyUpdate(y, Y.encodeStateAsUpdate(x));
      applyTextEdit(x.getText('t'), ours, LOCAL_ORIGIN);
      applyTextEdit(y.getText('t'), theirs, LOCAL_ORIGIN);
      Y.applyUpdate(x, Y.encodeStateAsUpdate(y));
      expect(rebaseText(base, ours, theirs)).toBe(x.getText('t').toString());
    }
  });
});

// What a text box reads before its write (EditableText's `read`): the field as the document holds it
// now, shared text or a plain string alike.
describe('readTextField', () => {
  it('reads a note’s text, a context field, an owner, a cluster’s name and the summary; nothing for a record that is gone', () => {
    const ctx = testContext();
    const doc = new Y.Doc();
    const [event] = B.addEvents(doc, [{ time: '2026-11-03T14:02Z', kind: 'detection', text: 'Pager fired' }], ctx);
    B.updateEventContext(doc, event!, { sawAtTheTime: 'Only the error rate' }, ctx);
    const factor = B.addFactor(doc, { text: 'Alerts muted', category: 'process' }, ctx);
    const action = B.addActionItem(doc, { text: 'Route alerts', owner: 'Priya', factorIds: [factor] }, ctx);
    const cluster = B.createCluster(doc, { name: 'Alerting', category: 'process', factorIds: [factor] }, ctx);
    B.setSummary(doc, 'A muted channel', ctx);
    expect(readTextField(doc, { root: 'events', id: event! })).toBe('Pager fired');
    expect(readTextField(doc, { root: 'events', id: event!, field: 'sawAtTheTime' })).toBe('Only the error rate');
    expect(readTextField(doc, { root: 'factors', id: factor })).toBe('Alerts muted');
    expect(readTextField(doc, { root: 'actions', id: action, field: 'owner' })).toBe('Priya');
    expect(readTextField(doc, { root: 'clusters', id: cluster, field: 'name' })).toBe('Alerting');
    expect(readTextField(doc, { root: 'meta', field: 'summary' })).toBe('A muted channel');
    expect(readTextField(doc, { root: 'factors', id: 'gone' })).toBe('');
  });
});
