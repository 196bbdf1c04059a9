// The Markdown report of a board and the escaping it relies on. Import the report from here.
export { renderReport, renderBoardReport, reportBoardUrl, reportFileName, DOT, TOP_VOTED_LIMIT, QUOTE_LENGTH, type ReportOptions } from './markdown';
export { participantLabel, redactBoard, redactor } from './redact';
export {
  cleanText,
  escapeInline,
  escapeLine,
  escapeLines,
  escapeListItem,
  escapeParagraphs,
  escapeTableCell,
  safeHttpUrl,
  shorten,
} from './escape';
