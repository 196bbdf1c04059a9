// "Download report": renders the Markdown report in the browser, from this browser's copy of the
// board, with the same pure function the server's export.md uses, so it works offline too.
import { readMeta } from '../../../../shared/board';
import { renderBoardReport, reportFileName } from '../../../../shared/report';
import { useBoard } from '../../sync/BoardContext';
import { Button } from '../../ui/Button';
import { DownloadIcon } from '../../ui/icons';
import { showToast } from '../../ui/Toast';

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

export function ExportButton() {
  const { doc, connection } = useBoard();
  const download = () => {
    try {
      const markdown = renderBoardReport(doc, {
        exportedAt: new Date(),
        boardUrl: `${location.origin}/b/${connection.boardId}`,
      });
      downloadText(reportFileName({ meta: readMeta(doc) }), markdown);
    } catch (err) {
      showToast({ message: `The report could not be made: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    }
  };
  return (
    <Button variant="secondary" icon={<DownloadIcon />} onClick={download}>
      Download report
    </Button>
  );
}
