// The platform that shared/ may use: the few globals that browsers and Node 20 both provide (WHATWG
// URL and TextEncoder, btoa, Web Crypto's random values), declared as far as shared/ uses them.
// Only tsconfig.shared.json includes this file: there shared/ is compiled without the DOM and
// without Node's types, so that anything else it reaches for (window, document, Buffer, process,
// node:*) is a compile error. Add a member here only if both platforms have it.

declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare function btoa(data: string): string;

// eslint-disable-next-line no-var -- `var`, not `const`: it is a property of globalThis (shared/ids.ts reads it there).
declare var crypto: {
  getRandomValues<T extends ArrayBufferView | null>(array: T): T;
};
