// JSON.parse, with a message a person can act on when it fails: the line and column of the first
// problem and what was expected there. Engines word (and place) their own errors differently,
// so on failure a small scanner finds the spot itself; the same file gets the same message in
// every browser.
import { fail, type SourceRef } from './types';

/** Parses JSON or fails the import with `bad-json`, naming the line and column. */
export function parseJson(text: string, where: SourceRef = {}): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = findJsonError(text);
    if (problem) {
      const { line, column } = lineAndColumn(text, problem.offset);
      fail('bad-json', { ...where, line, column }, `this is not valid JSON: ${problem.message}`);
    }
    fail('bad-json', where, `this is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first syntax error in `text`, or null if it is valid JSON. */
export function findJsonError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const skip = () => {
    while (isSpace(text[i])) i++;
  };
  const shown = () => (i >= text.length ? 'the end of the file' : `“${text[i] === '\n' ? '\\n' : text[i]}”`);
  class Stop {
    constructor(readonly offset: number, readonly message: string) {}
  }
  const stop = (message: string): never => {
    throw new Stop(i, message);
  };

  const value = (depth: number): void => {
    if (depth > 512) stop('it is nested too deeply.');
    skip();
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "'") stop('strings and names need double quotes ("), not single quotes.');
    stop(`expected a value but found ${shown()}.`);
  };
  const object = (depth: number) => {
    i++;
    skip();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skip();
      if (text[i] === "'") stop('strings and names need double quotes ("), not single quotes.');
      if (text[i] !== '"') stop(text[i] === '}' ? 'there is a comma before “}”, with nothing after it.' : `expected a name in double quotes but found ${shown()}.`);
      string();
      skip();
      if (text[i] !== ':') stop(`expected “:” after the name but found ${shown()}.`);
      i++;
      value(depth + 1);
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      stop(`expected “,” or “}” after a value but found ${shown()}.`);
    }
  };
  const array = (depth: number) => {
    i++;
    skip();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      skip();
      if (text[i] === ']') stop('there is a comma before “]”, with nothing after it.');
      value(depth + 1);
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      stop(`expected “,” or “]” after a value but found ${shown()}.`);
    }
  };
  const string = () => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) stop('a string is never closed.');
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) stop('“\\u” must be followed by four hex digits.');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) stop(`“\\${e ?? ''}” is not an escape JSON knows.`);
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) stop('a string has a line break or control character in it; write it as \\n.');
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) stop(`expected a number but found ${shown()}.`);
    i += m![0].length;
  };

  try {
    skip();
    if (i >= text.length) return { offset: 0, message: 'the file is empty.' };
    value(0);
    skip();
    if (i < text.length) stop(`there is more after the end of the JSON: ${shown()}.`);
    return null;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}
