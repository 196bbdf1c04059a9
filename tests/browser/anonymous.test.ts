// Anonymous means anonymous (issue 12 part 6): two people write notes in real browsers; a raw
// y-websocket client holding the participant link, which reads everything anyone on the board can
// (the whole board document with every item's client id, and awareness), cannot tie an anonymous
// note to a person: no client id that wrote any part of one is published in presence, or wrote
// anything that carries a name. With the board showing authors, the named notes carry the name.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, readFactors } from '../../shared/board';
import { waitUntil } from '../helpers/server';
import { addEvent, addFactor, createBoard, factorCard, useBrowserSuite, waitConnected } from './helpers';

const suite = useBrowserSuite();

/** A raw y-websocket client on the board document, as any participant could write one. */
async function rawReader(boardId: string, token: string): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${suite.server.url.replace('http', 'ws')}/ws`, boardId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  // It shows itself to nobody: it only reads.
  provider.awareness.setLocalState(null);
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  return { doc, provider };
}

/**
 * Client ids of every item (deleted ones too) under each entry of a root map: the entry's own item,
 * its fields' current and earlier values, and everything inside its texts.
 */
function writersByEntry(doc: Y.Doc, root: string): Map<string, Set<number>> {
  const rootType = doc.getMap(root);
  const out = new Map<string, Set<number>>();
  doc.store.clients.forEach((structs) => {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      // Walk up to the item that is an entry of the root map.
      let item: Y.Item | null = struct;
      while (item && item.parent !== rootType) item = (item.parent as Y.AbstractType<unknown>)._item;
      if (!item || typeof item.parentSub !== 'string') continue;
      const ids = out.get(item.parentSub) ?? new Set<number>();
      ids.add(struct.id.client);
      out.set(item.parentSub, ids);
    }
  });
  return out;
}

/** Awareness client ids whose presence names someone. */
function namedPresenceIds(provider: WebsocketProvider): Map<number, string> {
  const out = new Map<number, string>();
  provider.awareness.getStates().forEach((state, id) => {
    const name = (state as { user?: { name?: unknown } }).user?.name;
    if (typeof name === 'string') out.set(id, name);
  });
  return out;
}

const union = (sets: Iterable<Set<number>>) => new Set([...sets].flatMap((s) => [...s]));

async function setShowAuthors(facilitator: Page, show: boolean): Promise<void> {
  await facilitator.getByRole('button', { name: 'Meeting settings' }).click();
  const toggle = facilitator.getByRole('switch', { name: /Show who wrote each note/ });
  if (show) await toggle.check();
  else await toggle.uncheck();
  await facilitator.keyboard.press('Escape');
}

describe('anonymous notes', () => {
  it('a raw participant client cannot tie an anonymous note to anyone present; named notes carry their name', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const { page: ana } = await suite.open(board.link('participant'), { name: 'Ana Lopez' });
    const { page: ben } = await suite.open(board.link('participant'), { name: 'Ben Cho' });

    // Anonymous notes, a note edited after it was added, and a mark that names its writer.
    await addFactor(ana, 'Alert routed to a muted channel');
    await addEvent(ana, '14:02', 'Error-rate alert fired');
    await addFactor(ben, 'Runbook has no section on pool errors');
    await ana.getByRole('button', { name: /I’m done/ }).click();
    await ben.getByRole('button', { name: /I’m done/ }).click();
    // Ana reloads (her copy in this browser replays what she wrote) and writes again.
    await ana.reload();
    await waitConnected(ana);
    await addFactor(ana, 'Pool size not covered by any test');

    const reader = await rawReader(board.id, board.tokens.participant);
    try {
      // Everything above has reached the server, and everyone's presence is there.
      await waitUntil(() => readFactors(reader.doc).length === 3 && reader.doc.getMap(ROOT.events).size === 1);
      await waitUntil(() => {
        const names = [...namedPresenceIds(reader.provider).values()];
        return ['Sam Rivera', 'Ana Lopez', 'Ben Cho'].every((n) => names.includes(n));
      });
      await waitUntil(() => reader.doc.getMap(ROOT.ready).size === 2);

      const presence = namedPresenceIds(reader.provider);
      const anonymousWriters = union([...writersByEntry(reader.doc, ROOT.factors).values(), ...writersByEntry(reader.doc, ROOT.events).values()]);
      // Records that name their writer: the participants list (a name) and "I'm done" (a person id).
      const namedWriters = union([...writersByEntry(reader.doc, ROOT.participants).values(), ...writersByEntry(reader.doc, ROOT.ready).values()]);
      expect(readFactors(reader.doc).every((f) => f.author === '')).toBe(true);
      expect(anonymousWriters.size).toBeGreaterThanOrEqual(3);
      expect(namedWriters.size).toBeGreaterThanOrEqual(3);
      for (const id of anonymousWriters) {
        expect(presence.has(id), `note written under presence id ${id} (${presence.get(id)})`).toBe(false);
        expect(namedWriters.has(id), `note written under ${id}, which also wrote a named record`).toBe(false);
      }
      // And the other way round: no presence id wrote anything at all.
      const allWriters = new Set(reader.doc.store.clients.keys());
      for (const id of presence.keys()) expect(allWriters.has(id), `presence id ${id} (${presence.get(id)}) wrote`).toBe(false);

      // With authors shown, a new note carries its author, as before; then off again, a note
      // written afterwards is as anonymous as the first ones.
      await setShowAuthors(sam, true);
      await ana.locator('#factors').getByText('Adding as Ana Lopez').waitFor();
      await addFactor(ana, 'Dashboards show averages only');
      await factorCard(ben, 'Dashboards show averages only').getByText('Ana Lopez').waitFor();
      await setShowAuthors(sam, false);
      await ana.locator('#factors').getByText('Adding as Ana Lopez').waitFor({ state: 'detached' });
      await addFactor(ana, 'Nobody owned the muted channel');
      await waitUntil(() => readFactors(reader.doc).length === 5);

      const factors = readFactors(reader.doc);
      const named = factors.find((f) => f.text === 'Dashboards show averages only')!;
      const late = factors.find((f) => f.text === 'Nobody owned the muted channel')!;
      expect(named.author).toBe('Ana Lopez');
      expect(late.author).toBe('');
      const byFactor = writersByEntry(reader.doc, ROOT.factors);
      const namedNoteWriters = byFactor.get(named.id)!;
      const afterPresence = namedPresenceIds(reader.provider);
      for (const id of byFactor.get(late.id)!) {
        expect(namedNoteWriters.has(id), 'an anonymous note written under the id of a named one').toBe(false);
        expect(afterPresence.has(id)).toBe(false);
        expect(namedWriters.has(id)).toBe(false);
      }
    } finally {
      reader.provider.destroy();
      reader.doc.destroy();
    }
  });
});
