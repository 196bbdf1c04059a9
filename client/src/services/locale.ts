// The language and time zone dates and times are shown in: the browser's own in the page (undefined:
// the runtime's), and the reader's, as their page sent them, while the server draws a board's first
// screen with the page's components (app/firstScreen.tsx), so that the first screen reads as the
// board will once the app takes over.
interface Shown {
  locale: string | undefined;
  timeZone: string | undefined;
}

let shown: Shown = { locale: undefined, timeZone: undefined };

/** The locale to format dates in (undefined: the browser's). */
export const displayLocale = (): string | undefined => shown.locale;
/** The time zone "your time" is in (undefined: the browser's). */
export const displayTimeZone = (): string | undefined => shown.timeZone;

/** Runs `draw` (synchronous: a server render) with dates shown in `locale` and `timeZone`. */
export function withDisplayLocale<T>(locale: string, timeZone: string, draw: () => T): T {
  const before = shown;
  shown = { locale, timeZone };
  try {
    return draw();
  } finally {
    shown = before;
  }
}
