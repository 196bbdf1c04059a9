// The contract between the server and a board's first-screen renderer (client/src/app/firstScreen.tsx,
// built apart into dist/render/board.mjs, which server/plugins/first-screen.ts loads): what the server
// hands over, and what the renderer's module exports. docs/first-screen.md.
import type * as Y from 'yjs';
import type { Role } from './protocol';

export interface FirstScreenInput {
  boardId: string;
  /** The board document and its facilitation document, as the server holds them (read only). */
  doc: Y.Doc;
  facilitation: Y.Doc;
  /** Who the token makes the reader. */
  role: Role;
  person: { id: string; name: string } | null;
  /** The reader's window, in CSS px: how much of each long list to draw. */
  viewport: { width: number; height: number };
  /** The timeline's view the reader chose in their browser. */
  timelineView: 'lane' | 'list';
  /** The reader's language and time zone (their browser's), for dates and times. */
  locale: string;
  timeZone: string;
}

/** What the renderer's module exports. */
export interface FirstScreenRenderer {
  /** The board as the page draws it once synced, as HTML (the inside of the page's board frame). */
  renderBoardFirstScreen(input: FirstScreenInput): string;
}
