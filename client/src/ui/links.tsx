// http(s) addresses in a note's words, as links: found in the text, checked with the URL parser
// (nothing but http and https becomes a link), and rendered as React elements, never as HTML.
import type { ReactNode } from 'react';
import { isHttpUrl } from '../../../shared/board';

/** A run of a note's text: plain words, or an address to link. */
export type TextPart = { text: string } | { text: string; href: string };

/** Where an address may start: "http://" or "https://", not inside a word. */
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence rather than the address ("see https://x/y.", "(https://x)"). */
const TRAILING = /[.,;:!?'"”’)\]}>]+$/;

/** Splits text into plain runs and http(s) addresses. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    let url = match[0];
    const start = match.index;
    // Keep a closing bracket the address itself opened (Wikipedia-style "…_(disambiguation)").
    const trail = TRAILING.exec(url)?.[0] ?? '';
    if (trail) {
      url = url.slice(0, url.length - trail.length);
      const opens = (url.match(/\(/g) ?? []).length;
      const closes = (url.match(/\)/g) ?? []).length;
      if (trail.startsWith(')') && opens > closes) url += ')';
    }
    if (!isHttpUrl(url)) continue;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: url, href: url });
    at = start + url.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** The addresses in a text, each once, in order. */
export function linksIn(text: string): string[] {
  return [...new Set(splitLinks(text).flatMap((p) => ('href' in p ? [p.href] : [])))];
}

/** A link that opens in a new tab without handing the board's window to the page it opens. */
export function ExternalLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className={className}>
      {children}
    </a>
  );
}

/** The text with its addresses as links. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        'href' in part ? (
          <ExternalLink key={i} href={part.href}>
            {part.text}
          </ExternalLink>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/** "status.example.com/incidents/48…": short enough for a line under a note. */
export function shortUrl(href: string): string {
  const url = new URL(href);
  const rest = `${url.pathname === '/' ? '' : url.pathname}${url.search}${url.hash}`;
  const full = `${url.host}${rest}`;
  return full.length > 48 ? `${full.slice(0, 47)}…` : full;
}
