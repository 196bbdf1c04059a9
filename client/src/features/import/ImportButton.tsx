// "Import timeline" in the Timeline section's header: opens the import dialog, whose parsers are
// loaded only when someone first opens it (they are not needed to show a board).
import { lazy, Suspense, useState } from 'react';
import { useBoard } from '../../sync/BoardContext';
import { Button } from '../../ui/Button';
import { PlusIcon } from '../../ui/icons';

const ImportDialog = lazy(() => import('./ImportDialog'));

export function ImportButton() {
  const { canEdit } = useBoard();
  const [open, setOpen] = useState(false);
  if (!canEdit) return null;
  return (
    <>
      <Button size="sm" variant="secondary" icon={<PlusIcon />} onClick={() => setOpen(true)}>
        Import timeline
      </Button>
      {open && (
        <Suspense fallback={null}>
          <ImportDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
