// The board's own fields: reading them.
//   meta  Y.Map  schemaVersion, title, incidentDate, incidentLink, createdAt, summary: Y.Text
import { num, str, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { ROOT } from '../core/roots';
import type { BoardMeta } from './schema';

export const readMeta = defineReader([ROOT.meta], ({ meta }): BoardMeta => ({
  schemaVersion: num(meta.get('schemaVersion'), 0),
  title: str(meta.get('title')),
  incidentDate: str(meta.get('incidentDate')),
  incidentLink: str(meta.get('incidentLink')),
  summary: text(meta.get('summary')),
  createdAt: num(meta.get('createdAt')),
}));
