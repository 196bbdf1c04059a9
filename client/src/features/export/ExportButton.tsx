// "Download report": renders the Markdown report in the browser, from this browser's copy of the
// board and of its facilitation document, with the same pure function and the same options the
// server's export.md uses, so both give the same file (and it works offline too).
import { useState } from 'react';
import { readActions, readMeta, readParticipants } from '../../../../shared/board';
import { readFacilitation } from '../../../../shared/facilitation';
import { renderBoardReport, reportBoardUrl, reportFileName } from '../../../../shared/report';
import { findKnownBoard } from '../../services/storage';
import { fetchBoardExport } from '../../services/transfer';
import { useBoard } from '../../sync/BoardContext';
import { Button } from '../../ui/Button';
import { BracesIcon, DownloadIcon } from '../../ui/icons';
import { showToast } from '../../ui/Toast';
import { CoachCount } from '../coach/CoachCount';

/** Saves text as a file through a temporary object URL. */
export function downloadText(fileName: string, text: string, type = 'text/markdown;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Everyone a shared report should not name: the board's participants and the action owners. */
function namesToHide(doc: Parameters<typeof readMeta>[0]): string[] {
  const names = [...readParticipants(doc).map((p) => p.name), ...readActions(doc).map((a) => a.owner)];
  return [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))];
}

/** "Export JSON" (facilitators): everything the server keeps about the board, to import elsewhere (docs/export.md). */
function ExportJsonButton() {
  const { connection, token } = useBoard();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const { fileName, text } = await fetchBoardExport(connection.boardId, token);
      downloadText(fileName, text, 'application/json;charset=utf-8');
    } catch (err) {
      showToast({ message: `The board could not be exported: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="secondary"
      className="export-json"
      icon={<BracesIcon />}
      onClick={() => void download()}
      disabled={busy}
      title="Download everything about this board (people, dots, private drafts, links) as JSON, to import it on another Debrief server. Keep the file private: it opens the board."
    >
      Export JSON
    </Button>
  );
}

export function ExportButton() {
  const { doc, facilitation, connection, isFacilitator } = useBoard();
  const [hideNames, setHideNames] = useState(false);
  const [withViewerLink, setWithViewerLink] = useState(false);
  // Only someone who holds the view-only link (a facilitator) can put it in the report.
  const viewerToken = findKnownBoard(connection.boardId)?.links?.viewer ?? null;
  const download = () => {
    try {
      const linked = withViewerLink && viewerToken !== null;
      const markdown = renderBoardReport(doc, {
        exportedAt: new Date(),
        facilitation: readFacilitation(facilitation),
        boardUrl: reportBoardUrl(location.origin, connection.boardId, linked ? viewerToken : null),
        boardUrlIsViewerLink: linked,
        frontMatter: true,
        ...(hideNames ? { redactNames: namesToHide(doc) } : {}),
      });
      downloadText(reportFileName({ meta: readMeta(doc) }), markdown);
    } catch (err) {
      showToast({ message: `The report could not be made: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    }
  };
  return (
    <span className="export-controls">
      <Button variant="secondary" icon={<DownloadIcon />} onClick={download} title="Download the report (Markdown)">
        Download report
      </Button>
      {isFacilitator && <ExportJsonButton />}
      {/* An option of this download, not a board setting: it sits with the button and says so. */}
      <label className="export-controls__option" title="Write “Participant A”, “Participant B”… instead of people’s names, for a report shared beyond the team">
        <input type="checkbox" checked={hideNames} onChange={(e) => setHideNames(e.target.checked)} /> without names
      </label>
      {viewerToken && (
        <label className="export-controls__option" title="Readers of the report can then open the board, read-only. Without it, the report says to ask the facilitator for access.">
          <input type="checkbox" checked={withViewerLink} onChange={(e) => setWithViewerLink(e.target.checked)} /> Include view-only link
        </label>
      )}
      <CoachCount />
    </span>
  );
}
