// Slack: a channel export, as the files of its folder. `users.json` names people; each
// `YYYY-MM-DD.json` is that day's messages (`ts` in seconds since the epoch, as a string; `user`
// an id; `text` in Slack's markup). `channels.json` (optional) names the channels a message links.
// Join and leave notices are left out; every other message becomes an event of kind `other`, since
// a chat line may be any kind of moment and people sort them in the preview.
import { parseJson } from './json';
import { eventTimeOf } from './time';
import { fail, type ImportedEvent, type ImportFile, type ImportWarning, type Parsed } from './types';

const MESSAGE = { entryWord: 'Message' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

const DAY_FILE = /(^|\/)(\d{4}-\d{2}-\d{2})\.json$/;
/** Files a Slack export holds besides day files, read or knowingly passed over. */
const EXPORT_FILES = new Set(['users.json', 'channels.json', 'groups.json', 'dms.json', 'mpims.json', 'integration_logs.json', 'canvases.json', 'org_users.json', 'huddle_transcripts.json', 'file_conversations.json']);
/** Notices of people or bots coming and going: not part of what happened. */
const SKIPPED_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'group_join',
  'group_leave',
  'bot_add',
  'bot_remove',
  'channel_archive',
  'channel_unarchive',
  'message_deleted',
  'message_changed',
  'tombstone',
]);

const baseName = (name: string) => name.replace(/\\/g, '/').split('/').pop() ?? name;
const folderOf = (name: string) => {
  const parts = name.replace(/\\/g, '/').split('/');
  return parts.length > 1 ? parts[parts.length - 2]! : '';
};

/** True when these files look like a Slack export: a day file or users.json among them. */
export function looksLikeSlackExport(files: readonly ImportFile[]): boolean {
  return files.some((f) => DAY_FILE.test(f.name.replace(/\\/g, '/')) || baseName(f.name) === 'users.json');
}

/** True for JSON shaped like one day of Slack messages. */
export const looksLikeSlackDay = (json: unknown) =>
  Array.isArray(json) && json.length > 0 && json.every((m) => isObject(m) && (typeof m.ts === 'string' || typeof m.ts === 'number') && ('text' in m || 'subtype' in m));

/** Reads a Slack export's files. */
export function parseSlackExport(files: readonly ImportFile[]): Parsed {
  const warnings: ImportWarning[] = [];
  const people = new Map<string, string>();
  const channels = new Map<string, string>();
  const days: ImportFile[] = [];
  const ignored: string[] = [];

  for (const file of files) {
    const name = baseName(file.name);
    if (DAY_FILE.test(file.name.replace(/\\/g, '/'))) days.push(file);
    else if (name === 'users.json') readUsers(file, people);
    else if (name === 'channels.json' || name === 'groups.json') readChannels(file, channels);
    else if (!EXPORT_FILES.has(name) && !name.startsWith('.')) ignored.push(file.name);
  }
  if (days.length === 0) {
    fail('wrong-format', {}, 'no day files (such as 2026-11-03.json) among these files. Drop the channel’s folder from a Slack export, with users.json.');
  }
  if (ignored.length > 0) warnings.push({ message: `Left out files that are not part of a Slack export: ${ignored.join(', ')}.` });
  if (!files.some((f) => baseName(f.name) === 'users.json')) {
    warnings.push({ message: 'No users.json, so people are shown by their Slack ids (U…). Add users.json from the export to see names.' });
  }
  const folders = new Set(days.map((d) => folderOf(d.name)));
  const manyChannels = folders.size > 1;

  type Found = { event: ImportedEvent; ts: number };
  const found: Found[] = [];
  let skipped = 0;
  let blank = 0;
  const unknownPeople = new Set<string>();
  for (const file of [...days].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const label = file.name.replace(/\\/g, '/');
    const messages = parseJson(file.text, { file: label });
    if (!Array.isArray(messages)) fail('wrong-format', { file: label }, 'not a Slack day file (expected a list of messages).');
    messages.forEach((message, i) => {
      const where = { file: label, entry: i + 1 };
      if (!isObject(message)) fail('bad-entry', where, 'not a message.', MESSAGE);
      if (SKIPPED_SUBTYPES.has(str(message.subtype))) {
        skipped++;
        return;
      }
      const ts = readTs(message.ts);
      if (ts === null) {
        if (message.ts === undefined) fail('missing-field', where, 'no ts (the time it was sent).', MESSAGE);
        fail('bad-time', where, `ts ${JSON.stringify(message.ts)} is not seconds since 1970, such as "1793714520.001200".`, MESSAGE);
      }
      const time = eventTimeOf(ts * 1000);
      if (!time) fail('bad-time', where, `ts ${JSON.stringify(message.ts)} is not a time the board can show.`, MESSAGE);
      let text = messageText(message, people, channels, unknownPeople);
      if (!text) {
        blank++;
        return;
      }
      if (manyChannels) text = `#${folderOf(label)}: ${text}`;
      const event: ImportedEvent = { time, text, kind: 'other', preselected: true, source: where };
      const actor = authorOf(message, people, unknownPeople);
      if (actor) event.actor = actor;
      found.push({ event, ts });
    });
  }
  if (skipped > 0) warnings.push({ message: `Left out ${skipped === 1 ? 'one notice' : `${skipped} notices`} of people joining or leaving the channel.` });
  if (blank > 0) warnings.push({ message: `Left out ${blank === 1 ? 'one message' : `${blank} messages`} with no text.` });
  if (unknownPeople.size > 0 && people.size > 0) {
    warnings.push({ message: `${unknownPeople.size === 1 ? 'One person is' : `${unknownPeople.size} people are`} not in users.json and shown by Slack id: ${[...unknownPeople].sort().join(', ')}.` });
  }
  return { events: found.map((f) => f.event), instants: found.map((f) => f.ts * 1000), warnings };
}

function readUsers(file: ImportFile, people: Map<string, string>): void {
  const users = parseJson(file.text, { file: file.name });
  if (!Array.isArray(users)) fail('wrong-format', { file: file.name }, 'not a Slack users.json (expected a list of people).');
  for (const user of users) {
    if (!isObject(user) || !str(user.id)) continue;
    const profile = isObject(user.profile) ? user.profile : {};
    const name = str(profile.real_name) || str(user.real_name) || str(profile.display_name) || str(user.display_name) || str(user.name);
    if (name) people.set(str(user.id), name);
  }
}

function readChannels(file: ImportFile, channels: Map<string, string>): void {
  const list = parseJson(file.text, { file: file.name });
  if (!Array.isArray(list)) return;
  for (const c of list) if (isObject(c) && str(c.id) && str(c.name)) channels.set(str(c.id), str(c.name));
}

/** Seconds since the epoch from a `ts` ("1793714520.001200", or a number from a hand-made file). */
function readTs(ts: unknown): number | null {
  if (typeof ts === 'number' && Number.isFinite(ts) && ts >= 0) return ts;
  if (typeof ts === 'string' && /^\d{1,12}(\.\d{1,9})?$/.test(ts.trim())) return Number(ts.trim());
  return null;
}

function authorOf(message: Json, people: Map<string, string>, unknown: Set<string>): string {
  const userId = str(message.user);
  if (userId) {
    const known = people.get(userId);
    if (known) return known;
    const profile = isObject(message.user_profile) ? message.user_profile : {};
    const inline = str(profile.real_name) || str(profile.display_name) || str(profile.name);
    if (inline) return inline;
    unknown.add(userId);
    return userId;
  }
  // Bots and integrations (an alerting tool posting into the channel).
  return str(message.username) || str(isObject(message.bot_profile) ? message.bot_profile.name : undefined);
}

function messageText(message: Json, people: Map<string, string>, channels: Map<string, string>, unknown: Set<string>): string {
  let text = renderSlackMarkup(typeof message.text === 'string' ? message.text : '', people, channels, unknown).trim();
  if (!text && Array.isArray(message.attachments)) {
    // Integrations often post only an attachment; its fallback is the plain-text version.
    const first = message.attachments.find(isObject);
    if (first) text = renderSlackMarkup(str(first.fallback) || str(first.title) || str(first.text), people, channels, unknown).trim();
  }
  if (!text && Array.isArray(message.files)) {
    const names = message.files.filter(isObject).map((f) => str(f.title) || str(f.name)).filter(Boolean);
    if (names.length > 0) text = `Shared ${names.length === 1 ? 'a file' : 'files'}: ${names.join(', ')}`;
  }
  return text;
}

/** Slack's markup as plain text: `<@U1>` is @Name, `<#C1|chan>` #chan, `<https://x|label>`
 * "label (https://x)", `<!here>` @here; `&amp;`, `&lt;` and `&gt;` are the characters. */
export function renderSlackMarkup(
  text: string,
  people: ReadonlyMap<string, string> = new Map(),
  channels: ReadonlyMap<string, string> = new Map(),
  unknown: Set<string> = new Set(),
): string {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  // Real < and > are escaped in Slack text, so every literal <…> is markup.
  const rendered = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) {
      const id = target.slice(1);
      const name = people.get(id);
      if (name) return `@${name}`;
      if (label) return `@${label.replace(/^@/, '')}`;
      unknown.add(id);
      return `@${id}`;
    }
    if (target.startsWith('#')) {
      const id = target.slice(1);
      return `#${label || channels.get(id) || id}`;
    }
    if (target.startsWith('!')) {
      const command = target.slice(1);
      if (command.startsWith('subteam^')) return label ? (label.startsWith('@') ? label : `@${label}`) : '@group';
      if (command.startsWith('date^')) return label || command.split('^')[1] || '';
      return label ? (label.startsWith('@') ? label : `@${label}`) : `@${command}`;
    }
    if (target.startsWith('mailto:')) return label || target.slice('mailto:'.length);
    if (!label) return target;
    const bare = target.replace(/^https?:\/\//, '').replace(/\/$/, '');
    if (label === target || label === bare || label.replace(/\/$/, '') === bare) return target;
    return `${label} (${target})`;
  });
  return unescape(rendered);
}
