// The coach's matchers: functions that find a way of writing in a text (counterfactuals, "who
// ...?" and "why did you ...?" questions, condescension, a person named as a cause, minimizers,
// character words), with the word lists and helpers they share. The rules (rules.ts) pair each
// with its message, its question and its examples.
/** A stretch of the text a rule flags, in UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface CoachContext {
  /** Names of the people on the board, for the rule about naming a person as a cause. */
  participantNames: readonly string[];
}

/** Finds what a rule flags in (blanked) text. */
export type Matcher = (text: string, context: CoachContext) => Span[];

export interface CoachRule {
  id: string;
  /** A regular expression (every match is flagged) or a function for what a pattern cannot say. */
  pattern: RegExp | Matcher;
  /** Why the phrasing may not help, in a sentence. */
  message: string;
  /** A question or rewording that looks at the system instead. */
  suggestion: string;
  /** Sentences the rule must flag, and similar ones it must not. */
  examples: { flag: string[]; pass: string[] };
  /** Participant names its examples are checked with. */
  exampleParticipants?: string[];
}

// ---------------------------------------------------------------------------------------------
// Helpers for matchers.

const WORD = '[\\p{L}\\p{N}_]';
/** Alternatives for a regular expression: spaces match any run of spaces, and an apostrophe
 * matches the typographic one too (didn’t). */
const words = (list: readonly string[]) =>
  list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+').replace(/'/g, "['’]")).join('|');

/** Words that can sit between a modal and its verb ("should have just rolled back"). */
const ADVERBS = ['just', 'also', 'then', 'really', 'simply', 'obviously', 'clearly', 'probably', 'easily', 'already', 'at least', 'immediately', 'quickly', 'even', 'definitely', 'never', 'not'];
const ADVERB = `(?:(?:${words(ADVERBS)}|${WORD}+ly)\\s+){0,2}`;

/** Past participles that do not end in -ed. */
const IRREGULAR_PARTICIPLES = [
  'been', 'known', 'seen', 'done', 'gone', 'caught', 'run', 'written', 'taken', 'told', 'thought', 'built', 'sent', 'got',
  'gotten', 'had', 'made', 'read', 'understood', 'kept', 'left', 'put', 'set', 'shut', 'hit', 'let', 'begun', 'brought',
  'bought', 'found', 'given', 'spoken', 'woken', 'chosen', 'drawn', 'driven', 'eaten', 'fallen', 'felt', 'fought', 'held',
  'heard', 'led', 'lost', 'meant', 'met', 'paid', 'said', 'shown', 'spent', 'stood', 'struck', 'taught', 'thrown', 'won',
  'rolled', 'split', 'spread', 'forgotten', 'overseen', 'foreseen', 'withdrawn', 'rung', 'rang', 'broken', 'stopped',
];
/** Words ending in -ed that are not participles, seen after "should have" ("should have a speed limit" starts with "a"; these guard the rest). */
const NOT_PARTICIPLES = new Set(['speed', 'need', 'needs', 'feed', 'seed', 'bed', 'red', 'shed', 'greed', 'breed', 'hundred', 'sacred', 'naked', 'wicked']);

const isParticiple = (word: string) => {
  const w = word.toLowerCase();
  if (NOT_PARTICIPLES.has(w)) return false;
  return IRREGULAR_PARTICIPLES.includes(w) || /^[\p{L}-]{2,}ed$/u.test(w);
};

/** Every match of a regular expression, as spans (the expression needs the g flag). */
function spans(re: RegExp, text: string, keep: (m: RegExpExecArray) => boolean = () => true): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (keep(m)) out.push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** The words just before `index`, lower-cased, nearest last. */
const wordsBefore = (text: string, index: number, n: number) =>
  (text.slice(Math.max(0, index - 80), index).toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? []).slice(-n);

/** True when `index` starts a clause: the start of the text, after sentence punctuation, or
 * after a joining word ("and who approved it"). */
function startsClause(text: string, index: number): boolean {
  const before = text.slice(0, index).replace(/[\s"“'‘(]+$/u, '');
  if (before === '') return true;
  if (/[.!?;:\n—–-]$/.test(before)) return true;
  return /(?:^|[\s,])(?:and|but|so|then|also|ok|okay|or)[,]?$/i.test(before);
}

/** The sentence containing `index` ends with a question mark. */
function inQuestion(text: string, index: number): boolean {
  const rest = text.slice(index);
  const end = rest.search(/[.!?\n]/);
  return end >= 0 && rest[end] === '?';
}

// ---------------------------------------------------------------------------------------------
// Counterfactuals.

/** Things, not people: a counterfactual about one of these ("the alert should have fired") is
 * about how the system was meant to work, not about someone's judgement. */
const SYSTEM_SUBJECTS = ['alert', 'alerts', 'alarm', 'check', 'checks', 'canary', 'test', 'tests', 'monitor', 'monitoring', 'dashboard', 'cache', 'service', 'system', 'pipeline', 'deploy', 'deployment', 'config', 'configuration', 'limit', 'job', 'pod', 'pods', 'server', 'database', 'db', 'queue', 'outage', 'incident', 'build', 'ci', 'linter', 'probe', 'timeout', 'retry', 'page', 'pager', 'tool', 'script', 'runbook', 'process', 'change', 'release', 'rollout', 'failover', 'it', 'this', 'that'];

const PEOPLE_SUBJECTS = ['i', 'we', 'you', 'he', 'she', 'they', 'someone', 'somebody', 'nobody', 'no one', 'everyone', 'on-call', 'oncall', 'engineer', 'engineers', 'operator', 'reviewer', 'reviewers', 'author', 'responder', 'responders', 'developer', 'developers', 'dev', 'devs', 'admin', 'team', 'sre', 'people', 'staff', 'support'];
/** What a person does that "failed to" can be said of: noticing, checking, telling. Systems
 * "fail to start" and "fail to connect"; those are events, not judgements. */
const HUMAN_VERBS = ['notice', 'check', 'follow', 'read', 'test', 'verify', 'review', 'escalate', 'communicate', 'update', 'inform', 'tell', 'consider', 'realise', 'realize', 'see', 'catch', 'respond', 'acknowledge', 'ask', 'mention', 'report', 'document', 'understand', 'anticipate', 'spot', 'look', 'page', 'warn', 'flag', 'double-check', 'validate', 'confirm', 'monitor', 'pay', 'think', 'plan', 'prepare', 'coordinate', 'act', 'react', 'investigate', 'roll back', 'rollback', 'revert'];

export function counterfactuals(text: string, context: CoachContext): Span[] {
  const out: Span[] = [];
  // Should / could / ought to + have + a past participle: a path not taken.
  const modal = new RegExp(
    `(?<!${WORD})(should|could|ought\\s+to)(?:n['’]t|\\s+not)?(?:\\s+have|['’]ve)\\s+${ADVERB}(${WORD}[\\p{L}-]*)`,
    'giu',
  );
  for (let m = modal.exec(text); m; m = modal.exec(text)) {
    const verb = m[2]!;
    if (!isParticiple(verb)) continue;
    // "The alert should have fired": how the system was meant to behave. Only when no person is
    // named alongside ("the reviewer's check should have…" still counts).
    const subject = wordsBefore(text, m.index, 4);
    const names = context.participantNames.flatMap(nameForms).map((n) => n.toLowerCase());
    const person = subject.some((w) => PEOPLE_SUBJECTS.includes(w) || names.includes(w.replace(/['’]s$/, '')));
    if (!person && subject.some((w) => SYSTEM_SUBJECTS.includes(w))) continue;
    if (/^could$/i.test(m[1]!)) {
      // "It could have been much worse", "we could have lost the queue": where we got lucky.
      const before = wordsBefore(text, m.index, 1)[0];
      const after = text.slice(m.index, m.index + m[0].length + 24).toLowerCase();
      if (before && ['it', 'this', 'that', 'which', 'things', 'everything'].includes(before)) continue;
      if (/have\s+(?:been|gone|got(?:ten)?)\s+(?:(?:much|far|a\s+lot|even|so\s+much)\s+)?worse/.test(after) || /have\s+lost\b/.test(after)) continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  // "If only" always looks back at a path not taken.
  out.push(...spans(new RegExp(`(?<!${WORD})if\\s+only(?!${WORD})`, 'giu'), text));
  // "Failed to", said of a person: by who did it ("we failed to") or by what they did ("failed to notice").
  const names = context.participantNames.flatMap(nameForms).map((n) => n.toLowerCase());
  const failed = new RegExp(`(?<!${WORD})failed\\s+to\\s+(${words(HUMAN_VERBS)}|${WORD}+)`, 'giu');
  for (let m = failed.exec(text); m; m = failed.exec(text)) {
    const verb = m[1]!.toLowerCase().replace(/\s+/g, ' ');
    const before = wordsBefore(text, m.index, 3);
    const subject = before.some((w) => PEOPLE_SUBJECTS.includes(w) || names.includes(w));
    if (!subject && !HUMAN_VERBS.includes(verb)) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// "Who ...?" questions.

const WHO_VERBS = ['did', 'broke', 'made', 'wrote', 'ran', 'took', 'forgot', 'let', 'put', 'set', 'gave', 'sent', 'hit', 'left', 'built', 'chose', 'told', 'pushed', 'shipped'];
/** Past-tense verbs whose "who" question is about ownership or knowledge, which a review needs. */
const WHO_FINE = ['owned', 'needed', 'wanted', 'knew', 'noticed', 'joined', 'helped', 'asked'];

export function whoQuestions(text: string): Span[] {
  const out: Span[] = [];
  const re = new RegExp(`(?<!${WORD})who\\s+(?:(?:just|actually|then|originally|first)\\s+)?(was\\s+responsible|is\\s+to\\s+blame|was\\s+to\\s+blame|signed\\s+off|${WORD}+)`, 'giu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const verb = m[1]!.toLowerCase();
    const blaming = /\s/.test(verb) || WHO_VERBS.includes(verb) || (/ed$/.test(verb) && !WHO_FINE.includes(verb) && !NOT_PARTICIPLES.has(verb));
    if (!blaming) continue;
    // A question, not a relative clause ("the engineer who deployed the fix restored service").
    if (!startsClause(text, m.index) && !inQuestion(text, m.index)) continue;
    if (!startsClause(text, m.index) && /\b(?:the|a|an|one|someone|person|engineer|people)\s*$/i.test(text.slice(0, m.index))) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Condescension.

/** What "just" or "simply" is followed by when it measures time or amount, or opens a phrase,
 * rather than saying something was easy: "just after the deploy", "just to confirm". */
const NOT_EASY_AFTER = /^\s+(?:after|before|as|now|then|in\s+time|in\s+case|under|over|about|below|above|enough|when|once|like|a|an|the|one|to|because|so|put|typed|connected|seconds|minutes|hours|\d)(?![\p{L}])/u;
/** Before "just" or "simply": a modal or a need, as in "you could just restart it", "they simply needed to". */
const EASY_BEFORE = /(?:could|should|can|would|will|must|might|(?:need|needs|needed|have|has|had)\s+to)\s*$/i;
/** After "just" or "simply": a need, as in "they just needed to restart it". */
const EASY_AFTER = /^\s+(?:need|needs|needed|have\s+to|has\s+to|had\s+to|ha(?:ve|s|d)\s+got\s+to)(?![\p{L}])/u;

export function condescension(text: string): Span[] {
  const re = new RegExp(`(?<![\\p{L}\\p{N}_-])(obviously|obvious|simply|clearly|just|of\\s+course)(?![\\p{L}\\p{N}_-])`, 'giu');
  return spans(re, text, (m) => {
    const word = m[1]!.toLowerCase();
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24).toLowerCase();
    const before = wordsBefore(text, m.index, 2);
    if (word === 'just' || word === 'simply') {
      // Easy-talk: after a modal or a need ("you could just"), before a need ("just needed to"),
      // or opening an instruction ("Just restart it", "Simply check the dashboard"). Elsewhere
      // "just" is mostly time or emphasis ("we just rolled back", "just after the deploy").
      if (NOT_EASY_AFTER.test(after) || before[before.length - 1] === 'only') return false;
      const easy = EASY_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index)) || EASY_AFTER.test(after) || startsClause(text, m.index);
      if (!easy) return false;
    }
    // "Not obvious", "wasn't clearly labelled": the text says something was hard to see, which is
    // exactly what a review should record.
    if ((word === 'obvious' || word === 'obviously' || word === 'clearly') && before.some((w) => /^(?:not|never|no|isn['’]t|wasn['’]t|aren['’]t|weren['’]t|hardly|less|far\s+from)$/.test(w))) return false;
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// A participant named as the subject of a failure.

/** Names that are also common lowercase words: matched only when written with a capital. */
const WORDLIKE_NAMES = new Set(['will', 'may', 'bill', 'rich', 'sue', 'pat', 'mark', 'grant', 'art', 'june', 'april', 'summer', 'dawn', 'hope', 'joy', 'faith', 'chase', 'lance', 'drew', 'gene', 'jack', 'frank', 'ray', 'rob', 'sky', 'max']);
const FAILURE_VERBS = ['broke', 'forgot', 'missed', 'ignored', 'neglected', 'overlooked', 'failed to', 'messed up', 'screwed up', 'botched', 'blew', 'dropped the ball', 'misconfigured', 'mistyped', 'caused', 'should have', "should've", 'should not have', "shouldn't have", 'made a mistake', 'made an error', 'was careless', "wasn't careful", 'was not careful', "wasn't paying attention", 'was not paying attention'];
const NEGATIONS = ["didn't", 'did not', 'never', "wouldn't", 'would not', "won't", 'refused to'];
/** After a negation, verbs that describe conditions (access, knowledge, a page that never came),
 * which is what a review wants recorded. */
const CONDITION_VERBS = ['have', 'get', 'receive', 'know', 'hear', 'had', 'got', 'received', 'knew', 'heard'];
const FAULT_ADVERBS = ['accidentally', 'carelessly', 'mistakenly', 'wrongly', 'negligently', 'recklessly', 'blindly'];
const FAULT_NOUNS = ['fault', 'mistake', 'error', 'screw-up', 'screwup', 'blunder', 'carelessness', 'negligence'];

/** A name, and its first word when the name has more than one (people write "Priya" for
 * "Priya N."). Parenthesised notes and initials are dropped. */
export function nameForms(name: string): string[] {
  const clean = name.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length < 2) return [];
  const first = clean.split(' ')[0]!.replace(/[.,]$/, '');
  return first !== clean && first.length >= 2 ? [clean, first] : [clean];
}

export function personAsCause(text: string, context: CoachContext): Span[] {
  const forms = [...new Set(context.participantNames.flatMap(nameForms))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return [];
  const out: Span[] = [];
  const re = new RegExp(
    `(?<!${WORD})(${words(forms)})(?!${WORD})` +
      `(?:(['’]s\\s+(?:${words(FAULT_NOUNS)}))` +
      `|\\s+(?:(?:then|also|just|again|completely|totally|somehow)\\s+)?(?:(${words(FAULT_ADVERBS)})|(${words(FAILURE_VERBS)})|(${words(NEGATIONS)})\\s+(?:${ADVERB})(${WORD}+)))(?!${WORD})`,
    'giu',
  );
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const written = m[1]!;
    if (WORDLIKE_NAMES.has(written.toLowerCase()) && written === written.toLowerCase()) continue;
    if (m[5] !== undefined && CONDITION_VERBS.includes(m[6]!.toLowerCase())) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  // "It was Sam's fault", "the fault of Sam".
  out.push(...spans(new RegExp(`(?<!${WORD})(?:fault|mistake)\\s+of\\s+(?:${words(forms)})(?!${WORD})`, 'giu'), text));
  return out;
}


// ---------------------------------------------------------------------------------------------
// Minimizers: a person's lapse made small ("he just didn't check", "she simply forgot").

/** What a lapse is written as after the minimizing word. */
const LAPSES = ["didn't", 'did not', 'never', 'forgot', 'forgot to', 'missed', 'ignored', 'skipped', 'neglected', 'overlooked', "couldn't be bothered", "wasn't paying attention", 'was not paying attention', "didn't bother", 'did not bother', 'failed to', "wasn't careful", 'was not careful', 'assumed', 'clicked through', 'rushed'];

export function minimizers(text: string, context: CoachContext): Span[] {
  const out: Span[] = [];
  const names = context.participantNames.flatMap(nameForms).map((n) => n.toLowerCase());
  const re = new RegExp(`(?<!${WORD})(just|simply|merely|only)\\s+(${words(LAPSES)})(?:\\s+(${WORD}+))?(?!${WORD})`, 'giu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // A lapse has someone who lapsed: "Only missed pages count" opens with an adjective.
    if (startsClause(text, m.index)) continue;
    const lapse = m[2]!.toLowerCase().replace(/’/g, "'");
    const next = (m[3] ?? '').toLowerCase();
    const subject = wordsBefore(text, m.index, 3);
    const person = subject.some((w) => PEOPLE_SUBJECTS.includes(w) || names.includes(w));
    // "The alert just didn't fire", "the pods simply failed to start": a system, not a lapse.
    if (!person && subject.some((w) => SYSTEM_SUBJECTS.includes(w))) continue;
    // "She just didn't have access", "we simply didn't know": conditions, which a review wants.
    if (/^(?:didn't|did not|never)$/.test(lapse) && CONDITION_VERBS.includes(next)) continue;
    out.push({ start: m.index, end: m.index + m[1]!.length + 1 + m[2]!.length });
  }
  // "All he had to do was…", "didn't even bother", "couldn't even…": the lapse made to look easy.
  out.push(...spans(new RegExp(`(?<!${WORD})all\\s+(?:he|she|they|you|${WORD}+)\\s+(?:had|needed)\\s+to\\s+do\\s+was(?!${WORD})`, 'giu'), text));
  out.push(...spans(new RegExp(`(?<!${WORD})(?:didn['’]t|did\\s+not|couldn['’]t|could\\s+not)\\s+even\\s+(?:bother|check|look|read|test|try|ask|open|run)(?!${WORD})`, 'giu'), text));
  out.push(...spans(new RegExp(`(?<!${WORD})(?:couldn['’]t|could\\s+not|can['’]t|cannot)(?:\\s+even)?\\s+be\\s+bothered(?!${WORD})`, 'giu'), text));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Accusatory "why did you …?" questions.

export function whyQuestions(text: string, context: CoachContext): Span[] {
  const forms = [...new Set(context.participantNames.flatMap(nameForms))];
  const people = ['you', 'he', 'she', 'u', ...forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))].join('|');
  const out: Span[] = [];
  // "Why did you…", "why didn't he…", "why would she…", "why on earth did you…", "how could you…".
  const re = new RegExp(
    `(?<!${WORD})(?:why(?:\\s+on\\s+earth|\\s+the\\s+hell)?\\s+(?:did|didn['’]t|would|wouldn['’]t|were|weren['’]t|was|wasn['’]t|do|don['’]t|does|doesn['’]t|had|hadn['’]t|is|isn['’]t|are|aren['’]t)(?:\\s+not)?|how\\s+(?:could|did|come)(?:n['’]t)?)\\s+(?:${people})(?!${WORD})`,
    'giu',
  );
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const who = text.slice(m.index, m.index + m[0].length).split(/\s+/).pop()!;
    if (WORDLIKE_NAMES.has(who.toLowerCase()) && who === who.toLowerCase()) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  out.push(...spans(new RegExp(`(?<!${WORD})what\\s+(?:were|was)\\s+(?:you|he|she|they)\\s+thinking(?!${WORD})`, 'giu'), text));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Character words: a judgement of the person, not a description of the work.

const CHARACTER_WORDS = ['careless', 'carelessly', 'carelessness', 'lazy', 'laziness', 'sloppy', 'sloppily', 'negligent', 'negligence', 'incompetent', 'incompetence', 'reckless', 'recklessly', 'clueless', 'irresponsible', 'irresponsibly', 'inattentive', 'stupid', 'stupidity', 'dumb', 'idiot', 'idiotic', 'lazily', 'cowboy', 'amateurish', 'asleep at the wheel', 'not paying attention', "wasn't paying attention", 'unprofessional'];
/** Technical uses of the same words: lazy loading, a dumb terminal. */
const TECHNICAL_AFTER = /^[\s-]+(?:load|loads|loading|loaded|evaluation|evaluated|init|initiali[sz]ation|initiali[sz]ed|instantiation|import|imports|terminal|terminals|pipe|pipes|client|clients|proxy|switch)(?![\p{L}])/u;
const NEGATED_BEFORE = /(?:^|\s)(?:not|never|no|nobody|nothing|isn['’]t|wasn['’]t|weren['’]t|aren['’]t|wasn['’]t)\s+(?:\S+\s+)?$/i;

export function characterWords(text: string): Span[] {
  const re = new RegExp(`(?<![\\p{L}\\p{N}_-])(${words(CHARACTER_WORDS)})(?![\\p{L}\\p{N}_])`, 'giu');
  return spans(re, text, (m) => {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24).toLowerCase();
    if (TECHNICAL_AFTER.test(after)) return false;
    // "Nobody was careless", "this was not negligence": the review ruling it out.
    const word = m[1]!.toLowerCase();
    if (!/paying attention/.test(word) && NEGATED_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index))) return false;
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
