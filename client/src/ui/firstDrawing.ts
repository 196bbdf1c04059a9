// What the server tells the page's components when it draws a board's first screen with them
// (client/src/app/firstScreen.tsx): what the page would otherwise measure or read from this browser. In the
// page there is none (null), and every component measures and reads for itself.
import { createContext } from 'react';
import type { TimelineView } from '../services/storage';

export interface FirstDrawing {
  /** The reader's window, in CSS px: long lists (ui/windowing.ts) draw this much of themselves. */
  width: number;
  height: number;
  /** The timeline's view this person chose in their browser. */
  timelineView: TimelineView;
}

export const FirstDrawingContext = createContext<FirstDrawing | null>(null);
