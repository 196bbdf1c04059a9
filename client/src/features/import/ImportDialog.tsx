// Importing a timeline: paste text or choose files (one file, or a Slack export folder), see the
// format we read it as (and change it), preview the events with a tick each, and add the ticked
// ones in one transaction (one undo step). A malformed source shows its error and adds nothing.
import { useEffect, useId, useMemo, useState } from 'react';
import { addEvents, combineReaders, EVENT_KINDS, EVENT_KIND_LABELS, MARKER_LABELS, readEvents, readMeta, type EventKind } from '../../../../shared/board';
import {
  alreadyOnBoard,
  detectFormat,
  IMPORT_FORMATS,
  IMPORT_FORMAT_LABELS,
  parseTimeline,
  toTimelineInputs,
  type ImportFile,
  type ImportFormat,
  type ImportResult,
} from '../../../../shared/import';
import { useBoard } from '../../sync/BoardContext';
import { useAuthorName } from '../../sync/facilitationHooks';
import { useBoardValue } from '../../sync/useBoardValue';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { InlineError } from '../../ui/Field';
import { showToast } from '../../ui/Toast';
import './import.css';

const readIncidentDate = combineReaders({ meta: readMeta }, ({ meta }) => meta.incidentDate);

async function readFiles(list: FileList | null): Promise<ImportFile[]> {
  const files = [...(list ?? [])];
  return Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await f.text() })));
}

/** Zones offered in the time-zone field; any offset (+01:00) or zone name works too. */
const ZONES = ['UTC', localZone(), 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'].filter(
  (z, i, all) => z && all.indexOf(z) === i,
);

function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return '';
  }
}

/** The files of a drop, walking into dropped folders (a Slack export) so their paths are kept. */
async function droppedFiles(data: DataTransfer): Promise<ImportFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0 || entries.every((e) => e.isFile)) return readFiles(data.files);
  const out: ImportFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ name: `${prefix}${entry.name}`, text: await file.text() });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries hands back a batch at a time; an empty batch means the end.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}

export default function ImportDialog({ onClose }: { onClose: () => void }) {
  const { doc, ctx } = useBoard();
  // An import is written by the person importing: named only while the board shows authors.
  const author = useAuthorName();
  const id = useId();
  const events = useBoardValue(doc, readEvents);
  const incidentDate = useBoardValue(doc, readIncidentDate);
  // The day bare times fall on: the board's incident date unless the person picks another.
  const [pickedDate, setPickedDate] = useState<string | null>(null);
  const baseDate = pickedDate ?? incidentDate;
  const [text, setText] = useState('');
  const [files, setFiles] = useState<ImportFile[]>([]);
  const [chosenFormat, setChosenFormat] = useState<ImportFormat | ''>('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [dragging, setDragging] = useState(false);
  const [useMarkers, setUseMarkers] = useState(true);
  const [ticked, setTicked] = useState<boolean[]>([]);
  // Kinds the person chose in the preview, by row (a chat line is read as Other until sorted).
  const [kinds, setKinds] = useState<Array<EventKind | undefined>>([]);

  const source = files.length > 0 ? { files } : { text };
  const empty = files.length === 0 && text.trim() === '';
  const detected = useMemo(() => (empty ? null : detectFormat(source)), [text, files]); // eslint-disable-line react-hooks/exhaustive-deps
  const result: ImportResult | null = useMemo(
    () => (empty ? null : parseTimeline({ ...source, format: chosenFormat || undefined, baseDate: baseDate || undefined, timeZone })),
    [text, files, chosenFormat, baseDate, timeZone], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const parsed = result?.ok ? result : null;
  const imported = parsed ? parsed.events : null;

  // A new preview starts ticked as the parser suggests, minus what the board already has.
  useEffect(() => {
    setKinds([]);
    if (!imported) return setTicked([]);
    const onBoard = alreadyOnBoard(imported, events);
    setTicked(imported.map((e, i) => e.preselected && !onBoard[i]));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the preview changes.
  }, [imported]);

  const onBoard = useMemo(() => (imported ? alreadyOnBoard(imported, events) : []), [imported, events]);
  const count = ticked.filter(Boolean).length;

  const add = () => {
    if (!imported || count === 0) return;
    const chosen = imported.map((e, i) => ({ ...e, kind: kinds[i] ?? e.kind })).filter((_, i) => ticked[i]);
    try {
      addEvents(
        doc,
        toTimelineInputs(chosen, { withMarkers: useMarkers }).map((input) => ({ ...input, author })), ctx,
      );
      showToast({ message: `Added ${chosen.length} event${chosen.length === 1 ? '' : 's'} to the timeline.` });
      onClose();
    } catch (err) {
      showToast({ message: `The events could not be added: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    }
  };

  const setAll = (value: boolean) => setTicked((t) => t.map(() => value));

  return (
    <Dialog
      open
      onClose={onClose}
      className="import-dialog"
      title="Import a timeline"
      description="Paste notes or choose files: a PagerDuty incident log or notes, a Slack channel export, messages copied from Slack, a CSV file, or lines that start with a time. Times are shown in UTC."
    >
      <div
        className={`import-dialog__source${dragging ? ' import-dialog__source--drop' : ''}`}
        onDragOver={(e) => {
          if (![...e.dataTransfer.types].includes('Files')) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={async (e) => {
          if (e.dataTransfer.files.length === 0) return;
          e.preventDefault();
          setDragging(false);
          setFiles(await droppedFiles(e.dataTransfer));
        }}
      >
        <label className="field__label" htmlFor={`${id}-text`}>
          Paste text, or drop files or a Slack export folder here
        </label>
        <textarea
          id={`${id}-text`}
          className="textarea import-dialog__paste"
          rows={5}
          value={text}
          disabled={files.length > 0}
          placeholder={'14:02 Error-rate alert fired for checkout-api\n14:05 On-call acknowledged'}
          onChange={(e) => setText(e.target.value)}
          data-autofocus
          data-native-undo
        />
        <div className="import-dialog__files">
          <label className="import-dialog__file">
            <span>Choose files</span>
            <input type="file" multiple accept=".json,.csv,.txt,.log,.md,text/*,application/json" aria-label="Choose files" onChange={async (e) => setFiles(await readFiles(e.target.files))} />
          </label>
          <label className="import-dialog__file">
            <span>Choose a Slack export folder</span>
            <input
              type="file"
              multiple
              aria-label="Choose a Slack export folder"
              ref={(el) => el?.setAttribute('webkitdirectory', '')}
              onChange={async (e) => setFiles(await readFiles(e.target.files))}
            />
          </label>
          {files.length > 0 && (
            <span className="import-dialog__chosen">
              {files.length === 1 ? files[0]!.name : `${files.length} files`}{' '}
              <Button size="sm" variant="ghost" onClick={() => setFiles([])}>
                Clear
              </Button>
            </span>
          )}
        </div>
        <div className="import-dialog__options">
          <label className="field__label" htmlFor={`${id}-format`}>
            Format
          </label>
          <select id={`${id}-format`} className="select" value={chosenFormat} onChange={(e) => setChosenFormat(e.target.value as ImportFormat | '')}>
            <option value="">{detected ? `Detected: ${IMPORT_FORMAT_LABELS[detected]}` : 'Detect automatically'}</option>
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {IMPORT_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
          <label className="field__label" htmlFor={`${id}-zone`}>
            Time zone of times without one
          </label>
          <input
            id={`${id}-zone`}
            className="input import-dialog__zone"
            list={`${id}-zones`}
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
            placeholder="UTC"
            data-native-undo
          />
          <datalist id={`${id}-zones`}>
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <label className="field__label" htmlFor={`${id}-date`}>
            Day of times without a date
          </label>
          <input
            id={`${id}-date`}
            type="date"
            className="input import-dialog__date"
            value={baseDate}
            onChange={(e) => setPickedDate(e.target.value)}
            aria-invalid={result && !result.ok && result.error.code === 'needs-date' ? true : undefined}
          />
        </div>
      </div>

      {result && !result.ok && (
        <div className="import-dialog__error">
          <InlineError>{result.error.message}</InlineError>
          <p className="import-dialog__note">Nothing will be imported until this is fixed.</p>
        </div>
      )}

      {imported && (
        <div className="import-dialog__preview">
          <div className="import-dialog__preview-head">
            <span>
              {IMPORT_FORMAT_LABELS[parsed!.format]}: {imported.length} event{imported.length === 1 ? '' : 's'} found
            </span>
            <Button size="sm" variant="ghost" onClick={() => setAll(true)}>
              Tick all
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setAll(false)}>
              Untick all
            </Button>
          </div>
          {parsed!.warnings.length > 0 && (
            <ul className="import-dialog__warnings">
              {parsed!.warnings.map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
            </ul>
          )}
          <div className="import-dialog__table-wrap">
            <table className="import-dialog__table">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Add</span>
                  </th>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Kind</th>
                  <th scope="col">What happened</th>
                </tr>
              </thead>
              <tbody>
                {imported.map((e, i) => (
                  <tr key={i} className={ticked[i] ? undefined : 'import-dialog__row--off'}>
                    <td>
                      <input
                        type="checkbox"
                        checked={ticked[i] ?? false}
                        aria-label={`Add ${e.time.slice(11, 16)} ${e.text.slice(0, 60)}`}
                        onChange={(ev) => setTicked((t) => t.map((v, j) => (j === i ? ev.target.checked : v)))}
                      />
                    </td>
                    <td className="import-dialog__time">{e.time.replace('T', ' ').replace('Z', '')}</td>
                    <td>
                      <select
                        className="select import-dialog__kind"
                        value={kinds[i] ?? e.kind}
                        aria-label={`Kind of ${e.time.slice(11, 16)} ${e.text.slice(0, 60)}`}
                        onChange={(ev) => {
                          const kind = ev.target.value as EventKind;
                          setKinds((k) => {
                            const next = [...k];
                            next[i] = kind;
                            return next;
                          });
                        }}
                      >
                        {EVENT_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {EVENT_KIND_LABELS[k]}
                          </option>
                        ))}
                      </select>
                      {e.marker && <span className="import-dialog__marker"> · {MARKER_LABELS[e.marker]}</span>}
                    </td>
                    <td>
                      {e.actor && <strong>{e.actor}: </strong>}
                      {e.text}
                      {onBoard[i] && <span className="import-dialog__dup"> (already on the board)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {imported.some((e) => e.marker) && (
            <label className="import-dialog__check">
              <input type="checkbox" checked={useMarkers} onChange={(e) => setUseMarkers(e.target.checked)} /> Use the suggested markers
              (detected, acknowledged, resolved…) for the incident metrics
            </label>
          )}
        </div>
      )}

      <div className="dialog__footer">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="primary" disabled={!imported || count === 0} onClick={add}>
          {`Add ${count} event${count === 1 ? '' : 's'}`}
        </Button>
      </div>
    </Dialog>
  );
}
