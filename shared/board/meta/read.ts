// The board's own fields: reading them.
//   meta  Y.Map  schemaVersion, title, incidentDate, incidentLink, createdAt, summary: Y.Text
import { num, str, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { ROOT } from '../core/roots';
import { isHttpUrl } from '../core/schema';
import type { BoardMeta } from './schema';

export const readMeta = defineReader([ROOT.meta], ({ meta }): BoardMeta => ({
  schemaVersion: num(meta.get('schemaVersion'), 0),
  title: str(meta.get('title')),
  incidentDate: str(meta.get('incidentDate')),
  // Only an http(s) address is a link: anything else a raw update wrote (javascript:, data:) reads as none.
  incidentLink: isHttpUrl(meta.get('incidentLink')) ? str(meta.get('incidentLink')) : '',
  summary: text(meta.get('summary')),
  createdAt: num(meta.get('createdAt')),
}));
