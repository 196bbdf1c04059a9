// The ids a browser writes the board under (client/src/sync/writerIds.ts): its presence id never
// writes; what names the person goes under an id of its own; the anonymous id changes each time the
// board stops showing authors; someone else's update under one of our ids makes us leave it; and an
// undo or redo writes under the id of the moment, like any edit.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { WriterIds } from '../../client/src/sync/writerIds';

/** The client ids that wrote the items of `doc`. */
const writers = (doc: Y.Doc) => new Set(doc.store.clients.keys());

/** The client ids that wrote what one update carries. */
const writersOf = (update: Uint8Array) => new Set(Y.decodeUpdate(update).structs.map((s) => s.id.client));

describe('writer ids', () => {
  it('never writes under the presence id; named records and anonymous notes go under different ids', () => {
    const doc = new Y.Doc();
    const presence = doc.clientID;
    const ids = new WriterIds(doc);
    const notes = doc.getMap('notes');
    notes.set('a', 'anonymous note');
    ids.asNamed(() => doc.getMap('participants').set('p1', 'Ana'));
    notes.set('b', 'another');
    expect(doc.clientID).toBe(presence);
    expect(writers(doc).has(presence)).toBe(false);
    const noteWriter = notes._map.get('a')!.id.client;
    expect(notes._map.get('b')!.id.client).toBe(noteWriter);
    expect(doc.getMap('participants')._map.get('p1')!.id.client).not.toBe(noteWriter);
    ids.destroy();
  });

  it('writes under the named id while authors show, and under a fresh anonymous id once they stop', () => {
    const doc = new Y.Doc();
    const ids = new WriterIds(doc);
    const notes = doc.getMap('notes');
    ids.asNamed(() => doc.getMap('participants').set('p1', 'Ana'));
    const named = doc.getMap('participants')._map.get('p1')!.id.client;
    notes.set('before', 'x');
    const before = notes._map.get('before')!.id.client;

    expect(ids.setShowsAuthors(true)).toBe(true);
    notes.set('named', 'by Ana');
    expect(notes._map.get('named')!.id.client).toBe(named);
    expect(ids.setShowsAuthors(true)).toBe(false);

    expect(ids.setShowsAuthors(false)).toBe(true);
    notes.set('after', 'y');
    const after = notes._map.get('after')!.id.client;
    expect(new Set([before, named, doc.clientID]).has(after)).toBe(false);
    ids.destroy();
  });

  it('leaves an id that someone else wrote under; keeps its presence id when Yjs would move it', () => {
    const doc = new Y.Doc();
    const presence = doc.clientID;
    const ids = new WriterIds(doc);
    doc.getMap('notes').set('a', 1);
    const mine = ids.current;

    // Another client forges items under our writing id, and under our presence id.
    for (const forged of [mine, presence]) {
      // It has read the board (so its items come after ours), then writes as us.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      other.clientID = forged;
      other.getMap('elsewhere').set(`k${forged}`, 'forged');
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), 'remote');
    }
    expect(ids.current).not.toBe(mine);
    expect(doc.clientID).toBe(presence);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getMap('notes').set('b', 2);
    expect([...writersOf(updates[0]!)]).toEqual([ids.current]);
    ids.destroy();
  });

  it('an undo or redo writes under the current id, never the presence id', () => {
    const doc = new Y.Doc();
    const presence = doc.clientID;
    const ids = new WriterIds(doc);
    const notes = doc.getMap('notes');
    const undo = new Y.UndoManager(notes, { trackedOrigins: new Set(['me']) });
    doc.transact(() => notes.set('a', 'note'), 'me');
    undo.stopCapturing();
    doc.transact(() => notes.delete('a'), 'me');
    undo.undo();
    expect(notes.get('a')).toBe('note');
    expect(writers(doc).has(presence)).toBe(false);
    expect(notes._map.get('a')!.id.client).toBe(ids.current);
    ids.destroy();
  });
});
