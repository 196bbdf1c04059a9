// Addresses in notes: only http(s) becomes a link, sentence punctuation stays outside it, and the
// rest of the words stay as they were.
import { describe, expect, it } from 'vitest';
import { linksIn, shortUrl, splitLinks } from '../../client/src/ui/links';

describe('splitLinks', () => {
  it('finds http and https addresses, leaving the punctuation that ends the sentence', () => {
    expect(splitLinks('Rolled back, see https://deploys.example.com/4812. Then http://status.example.com/x?y=1#z!')).toEqual([
      { text: 'Rolled back, see ' },
      { text: 'https://deploys.example.com/4812', href: 'https://deploys.example.com/4812' },
      { text: '. Then ' },
      { text: 'http://status.example.com/x?y=1#z', href: 'http://status.example.com/x?y=1#z' },
      { text: '!' },
    ]);
  });

  it('keeps a bracket the address opened and drops one the sentence opened', () => {
    expect(linksIn('(runbook: https://wiki.example.com/DB_(primary))')).toEqual(['https://wiki.example.com/DB_(primary)']);
    expect(linksIn('(see https://wiki.example.com/db)')).toEqual(['https://wiki.example.com/db']);
  });

  it('links nothing but http and https', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://files.example.com/a', 'file:///etc/passwd', 'xhttps://a.b', 'https://']) {
      expect(splitLinks(text).some((p) => 'href' in p)).toBe(false);
    }
    expect(splitLinks('no links here')).toEqual([{ text: 'no links here' }]);
  });

  it('lists each address once, and shortens long ones for the line under a note', () => {
    expect(linksIn('https://a.example.com and https://a.example.com again')).toEqual(['https://a.example.com']);
    expect(shortUrl('https://a.example.com/')).toBe('a.example.com');
    expect(shortUrl('https://grafana.example.com/d/abc123/checkout-errors?orgId=1&from=now-6h')).toBe('grafana.example.com/d/abc123/checkout-errors?or…');
  });
});
