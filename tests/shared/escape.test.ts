// The report's escaping: user text reads as itself and never adds structure or HTML.
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  escapeInline,
  escapeLine,
  escapeListItem,
  escapeParagraphs,
  escapeTableCell,
  safeHttpUrl,
  shorten,
} from '../../shared/report/escape';
import { tableCells, unescapeMarkdown, unescapedActiveCharacters } from '../helpers/markdown-check';
import { int, pick, prng } from '../helpers/prng';

describe('escapeLine', () => {
  it('leaves ordinary prose alone', () => {
    expect(escapeLine('Pool size was 10 per worker, not shared.')).toBe('Pool size was 10 per worker, not shared.');
  });

  it('turns HTML into text', () => {
    expect(escapeLine('<script>alert("x")</script>')).toBe('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(escapeLine('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeLine('<!-- hidden -->')).toBe('&lt;!-- hidden --&gt;');
  });

  it('escapes an ampersand that could start an entity, so a typed entity shows as typed', () => {
    expect(escapeLine('said &lt;b&gt; and &#60; and &#x3C; and &copy;')).toBe(
      'said &amp;lt;b&amp;gt; and &amp;#60; and &amp;#x3C; and &amp;copy;',
    );
    expect(escapeLine('R&D & ops; Q&A')).toBe('R&D & ops; Q&A');
  });

  it('cannot make a link, image or footnote', () => {
    expect(escapeLine('[click](javascript:alert(1))')).toBe('\\[click\\](javascript:alert(1))');
    expect(escapeLine('![x](https://evil.example/t.png)')).toBe('!\\[x\\](https://evil.example/t.png)');
    expect(escapeLine('[ref]: javascript:alert(1)')).toBe('\\[ref\\]: javascript:alert(1)');
    expect(escapeLine('see [^1]')).toBe('see \\[^1\\]');
  });

  it('cannot emphasise, strike, code or typeset maths', () => {
    expect(escapeLine('*bold* _it_ ~~gone~~ `code` $x$')).toBe('\\*bold\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` \\$x\\$');
  });

  it('keeps a pipe from splitting a table cell', () => {
    expect(escapeLine('a | b')).toBe('a \\| b');
    // A user's backslash before a pipe is doubled, so the pipe stays escaped.
    expect(escapeLine('a \\| b')).toBe('a \\\\\\| b');
    expect(tableCells(`| ${escapeLine('x \\| y | z')} | second |`)).toHaveLength(2);
  });

  it('cannot start a heading, quote, list, rule or code block', () => {
    expect(escapeLine('# Root cause: Sam')).toBe('\\# Root cause: Sam');
    expect(escapeLine('###### tiny')).toBe('\\###### tiny');
    expect(escapeLine('> quoted')).toBe('&gt; quoted');
    expect(escapeLine('- item')).toBe('\\- item');
    expect(escapeLine('+ item')).toBe('\\+ item');
    expect(escapeLine('* item')).toBe('\\* item');
    expect(escapeLine('1. first')).toBe('1\\. first');
    expect(escapeLine('12) twelfth')).toBe('12\\) twelfth');
    expect(escapeLine('1.')).toBe('1\\.');
    expect(escapeLine('---')).toBe('\\---');
    expect(escapeLine('===')).toBe('\\===');
    expect(escapeLine('___')).toBe('\\_\\_\\_');
    expect(escapeLine('```js')).toBe('\\`\\`\\`js');
    expect(escapeLine('~~~')).toBe('\\~\\~\\~');
    expect(escapeLine('      indented code')).toBe('indented code');
  });

  it('escapes a # that could close a heading, but not one inside a word', () => {
    expect(escapeLine('Outage #4 in C#')).toBe('Outage \\#4 in C#');
    expect(escapeLine('title ##')).toBe('title \\##');
  });

  it('leaves numbers that are not list markers alone', () => {
    expect(escapeLine('3.5 seconds; 2026-11-03')).toBe('3.5 seconds; 2026-11-03');
    expect(escapeLine('10 workers')).toBe('10 workers');
  });

  it('drops control characters and direction overrides, and trailing spaces', () => {
    expect(escapeLine('a\u0000b\u0007c\u202eevil\u2066d  ')).toBe('abcevild');
    expect(escapeLine('tab\tseparated')).toBe('tab separated');
  });
});

describe('line-aware escaping', () => {
  it('joins a table cell’s lines with <br> and never leaves a raw line break', () => {
    expect(escapeTableCell('first\r\nsecond\n\n| third')).toBe('first<br>second<br>\\| third');
    expect(escapeTableCell('   \n  ')).toBe('—');
    expect(escapeTableCell('', 'none')).toBe('none');
  });

  it('keeps a list item’s lines inside the item with hard breaks', () => {
    expect(escapeListItem('one\n# two\n- three', '  ')).toBe('one\\\n  \\# two\\\n  \\- three');
  });

  it('keeps a summary’s paragraphs and escapes each line', () => {
    expect(escapeParagraphs('First line\nsecond line\n\n\n> third\n\n   \n')).toEqual([
      'First line\\\nsecond line',
      '&gt; third',
    ]);
    expect(escapeParagraphs('')).toEqual([]);
  });

  it('puts inline text on one line', () => {
    expect(escapeInline('Connection\n\nbudget   of\tthe pool')).toBe('Connection budget of the pool');
    expect(escapeInline('a\n# b')).toBe('a \\# b');
  });

  it('normalises carriage returns', () => {
    expect(cleanText('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('safeHttpUrl', () => {
  it('accepts http and https addresses', () => {
    expect(safeHttpUrl('https://status.example.com/incidents/42')).toBe('https://status.example.com/incidents/42');
    expect(safeHttpUrl('http://wiki.example/page?a=1&b=2#top')).toBe('http://wiki.example/page?a=1&b=2#top');
  });

  it('refuses every other scheme', () => {
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd', 'ftp://x.example', '/relative', 'not a url', '']) {
      expect(safeHttpUrl(bad), bad).toBeNull();
    }
  });

  it('percent-encodes what could end an autolink or a link destination', () => {
    const url = safeHttpUrl('https://x.example/a b(c)<d>"e"`f`*g*|h|\'i\'{j}');
    expect(url).toBe('https://x.example/a%20b%28c%29%3Cd%3E%22e%22%60f%60%2Ag%2A%7Ch%7C%27i%27%7Bj%7D');
    expect(url).toMatch(/^[A-Za-z0-9\-._~:/?#@!$&+,;=%]+$/);
  });
});

describe('shorten', () => {
  it('keeps short text whole', () => {
    expect(shorten('Runbook outdated', 60)).toBe('Runbook outdated');
  });

  it('cuts at a word boundary and marks the cut', () => {
    const out = shorten('Each worker opens its own pool of ten connections and nobody checks the total', 40);
    expect(out).toBe('Each worker opens its own pool of ten…');
    expect(Array.from(out).length).toBeLessThanOrEqual(40);
  });

  it('never splits an emoji', () => {
    const out = shorten('🔥'.repeat(30), 10);
    expect(out).toBe(`${'🔥'.repeat(9)}…`);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('puts text on one line', () => {
    expect(shorten('a\nb\n\nc', 60)).toBe('a b c');
  });
});

describe('escaping random hostile text', () => {
  // Built from everything Markdown and HTML treat specially; seeded so a failure can be replayed.
  const ALPHABET = ['\\', '`', '*', '_', '[', ']', '(', ')', '|', '~', '$', '<', '>', '&', '#', '-', '+', '=', '!', '.', ')', ':', ';', '1', 'a', 'Z', ' ', '  ', '\t', '\n', 'é', '🔥', 'script', '&lt;', '&#60;', 'javascript:', '<br>', '\u202e', '\u0000'];
  const seed = Number(process.env.SEED ?? 20261103);

  it(`reads back as the original text and leaves nothing active (seed ${seed})`, () => {
    const random = prng(seed);
    for (let n = 0; n < 2_000; n++) {
      const parts: string[] = [];
      for (let k = int(random, 12); k >= 0; k--) parts.push(pick(random, ALPHABET));
      const input = parts.join('');
      const line = escapeLine(input);
      const expected = cleanText(input).replace(/\n/g, ' ').trim();
      expect(unescapeMarkdown(line), JSON.stringify(input)).toBe(expected);
      expect(unescapedActiveCharacters(line), JSON.stringify(input)).toEqual([]);
      expect(line, JSON.stringify(input)).not.toMatch(/^(\s|[-+=>#]|\d+[.)](\s|$))/);
      expect(line).not.toMatch(/\s$/);
      const cell = escapeTableCell(input, 'x');
      expect(cell).not.toContain('\n');
      expect(tableCells(`| ${cell} | end |`)).toHaveLength(2);
    }
  });
});
