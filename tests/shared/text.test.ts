// applyTextEdit: a new string becomes the smallest edit, so two people typing in one note both
// keep their words, and no emoji is ever split in half.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { LOCAL_ORIGIN, applyTextEdit } from '../../shared/board';

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
