// A modal dialog on the native <dialog> element: the browser traps focus, closes on Escape, and
// returns focus to whatever opened it. `open` drives it; `onClose` hears every way it closes.
// The first control marked `data-autofocus` takes the focus when it opens.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { IconButton } from './Button';
import { CloseIcon } from './icons';
import './ui.css';

interface DialogProps {
  open: boolean;
  title: ReactNode;
  description?: ReactNode;
  /** Called when the person dismisses it (Escape, the close button). Omit to make it undismissable. */
  onClose?: () => void;
  children: ReactNode;
  className?: string;
}

export function Dialog({ open, title, description, onClose, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The browser focuses the first control (often the close button); a dialog can name a
      // better first stop with data-autofocus.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (e: Event) => {
      // Escape: an undismissable dialog (e.g. asking for a name) stays; others close.
      e.preventDefault();
      onCloseRef.current?.();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      {open && (
        <div className="dialog__inner">
          <div className="dialog__header">
            <div>
              <h2 className="dialog__title" id={titleId}>
                {title}
              </h2>
              {description && (
                <p className="dialog__description" id={descriptionId}>
                  {description}
                </p>
              )}
            </div>
            {onClose && (
              <IconButton label="Close" size="sm" onClick={onClose}>
                <CloseIcon />
              </IconButton>
            )}
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
