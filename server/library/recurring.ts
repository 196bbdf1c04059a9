// Factors that recur (docs/library.md): the suggestions shown while someone writes a factor, and
// the themes page. Suggestions take candidates from the full-text index (any of the new factor's
// significant words, best-ranked first, other reviews only) and keep those whose wording shares
// enough with it (factorSimilarity), most alike first. Themes are the groups of factors joined by
// "same as" links, across two reviews or more; a theme is flagged when a review whose actions for
// it were all done was followed by a later incident with the same factor.
import {
  anyOfQuery,
  factorSimilarity,
  significantWords,
  SUGGESTIONS_LIMIT,
  type FactorSuggestion,
  type Theme,
  type ThemeFactor,
} from '../../shared/library';
import type { BoardId } from '../../shared/ids';
import type { LibraryStore, StoredFactor } from '../storage/library';

/** Candidates read from the index before they are compared word by word. */
const CANDIDATES = 60;

/** A link into a board at a factor. */
export const factorLink = (boardId: string, participantToken: string, factorId: string): string =>
  `/b/${encodeURIComponent(boardId)}#token=${encodeURIComponent(participantToken)}&factor=${encodeURIComponent(factorId)}`;

/** Factors of other reviews that read like `text`, most alike first. */
export async function suggestFactors(library: LibraryStore, text: string, boardId: BoardId | null): Promise<FactorSuggestion[]> {
  const words = significantWords(text);
  if (words.length === 0) return [];
  const candidates = await library.similarFactors(anyOfQuery(words), boardId, CANDIDATES);
  const scored: Array<{ factor: StoredFactor; similarity: number }> = [];
  const seen = new Set<string>();
  for (const factor of candidates) {
    const similarity = factorSimilarity(text, factor.text);
    // The same words in two reviews are one suggestion (the most recent review's).
    const wording = factor.text.trim().toLowerCase();
    if (similarity === null || seen.has(wording)) continue;
    seen.add(wording);
    scored.push({ factor, similarity });
  }
  scored.sort((a, b) => b.similarity - a.similarity || b.factor.incidentDate.localeCompare(a.factor.incidentDate));
  return scored.slice(0, SUGGESTIONS_LIMIT).map(({ factor: f, similarity }) => ({
    boardId: f.boardId,
    factorId: f.factorId,
    reviewTitle: f.reviewTitle,
    incidentDate: f.incidentDate,
    severity: f.severity,
    text: f.text,
    category: f.category,
    similarity: Math.round(similarity * 100) / 100,
    actions: f.actions,
    actionsDone: f.actionsDone,
    link: factorLink(f.boardId, f.participantToken, f.factorId),
  }));
}

const keyOf = (f: { boardId: string; factorId: string }) => `${f.boardId}/${f.factorId}`;
/** When a review happened, for ordering: its incident date, else its creation day. */
const whenOf = (f: StoredFactor) => f.incidentDate || new Date(f.reviewCreatedAt).toISOString().slice(0, 10);

/** The themes among these linked factors (both ends of every "same as" link), most reviews first. */
export function buildThemes(factors: readonly StoredFactor[]): Theme[] {
  const byKey = new Map(factors.map((f) => [keyOf(f), f]));
  // Union-find over the links whose both ends are still indexed.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let at = k; at !== root; ) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  for (const key of byKey.keys()) parent.set(key, key);
  for (const f of factors) {
    for (const target of f.sameAs) {
      const t = keyOf(target);
      if (byKey.has(t)) parent.set(find(keyOf(f)), find(t));
    }
  }
  const groups = new Map<string, StoredFactor[]>();
  for (const [key, f] of byKey) {
    const root = find(key);
    const group = groups.get(root);
    if (group) group.push(f);
    else groups.set(root, [f]);
  }
  const when = new Map(factors.map((f) => [f, whenOf(f)]));
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const themes: Theme[] = [];
  for (const group of groups.values()) {
    const reviews = new Set(group.map((f) => f.boardId));
    if (reviews.size < 2) continue;
    group.sort((a, b) => cmp(when.get(a)!, when.get(b)!) || a.reviewCreatedAt - b.reviewCreatedAt || cmp(keyOf(a), keyOf(b)));
    const first = group[0]!;
    // Flagged: some review's actions for it were all done, and a later incident had it again.
    // The group is in time order: anything after a done one, in another review and on a later day, counts.
    const last = when.get(group[group.length - 1]!)!;
    const recurredAfterDone = group.some((done) => done.actions > 0 && done.actionsDone === done.actions && last > when.get(done)!);
    const services = [...new Set(group.flatMap((f) => f.services.map((s) => s.toLowerCase())))].sort();
    themes.push({
      id: keyOf(first),
      title: first.text,
      reviews: reviews.size,
      firstSeen: when.get(first)!,
      lastSeen: last,
      services,
      recurredAfterDone,
      factors: group.map((f): ThemeFactor => ({
        boardId: f.boardId,
        factorId: f.factorId,
        reviewTitle: f.reviewTitle,
        incidentDate: f.incidentDate,
        severity: f.severity,
        text: f.text,
        actions: f.actions,
        actionsDone: f.actionsDone,
        link: factorLink(f.boardId, f.participantToken, f.factorId),
      })),
    });
  }
  return themes.sort((a, b) => b.reviews - a.reviews || cmp(b.lastSeen, a.lastSeen) || cmp(a.id, b.id));
}
