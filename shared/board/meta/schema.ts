// The board's own fields: title, incident date and link, summary. The vocabulary.

export interface BoardMeta {
  schemaVersion: number;
  title: string;
  /** `YYYY-MM-DD` or empty. */
  incidentDate: string;
  /** An http(s) URL or empty. */
  incidentLink: string;
  summary: string;
  createdAt: number;
}

/** What a new board is created with. */
export interface BoardInit {
  title?: string;
  incidentDate?: string;
  incidentLink?: string;
}
