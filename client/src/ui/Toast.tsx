// Short-lived messages at the bottom of the screen ("Deleted. Undo", "Link copied"), one store for
// the page. A toast with an action stays while the pointer or focus is on it.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { IconButton } from './Button';
import { CloseIcon } from './icons';
import './ui.css';

export interface ToastOptions {
  message: string;
  action?: { label: string; onAction: () => void };
  tone?: 'neutral' | 'error';
  /** Milliseconds before it leaves on its own. */
  duration?: number;
}

interface ToastEntry extends ToastOptions {
  id: number;
}

let entries: ToastEntry[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Shows a toast; returns a function that dismisses it. */
export function showToast(options: ToastOptions): () => void {
  const id = nextId++;
  // Keep at most three on screen; the oldest goes first.
  entries = [...entries.slice(-2), { ...options, id }];
  emit();
  return () => dismissToast(id);
}

export function dismissToast(id: number): void {
  const next = entries.filter((t) => t.id !== id);
  if (next.length !== entries.length) {
    entries = next;
    emit();
  }
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const getSnapshot = () => entries;

/** Renders the page's toasts; mount once. */
export function ToastHost() {
  const toasts = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  return (
    <div className="toasts" role="region" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastView key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastView({ toast }: { toast: ToastEntry }) {
  const paused = useRef(false);
  useEffect(() => {
    const duration = toast.duration ?? (toast.action ? 8000 : 4000);
    let timer = window.setTimeout(function tick() {
      // While someone is reading or reaching for it, give it a little longer.
      if (paused.current) timer = window.setTimeout(tick, 1500);
      else dismissToast(toast.id);
    }, duration);
    return () => window.clearTimeout(timer);
  }, [toast]);

  return (
    <div
      className={`toast${toast.tone === 'error' ? ' toast--error' : ''}`}
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onPointerEnter={() => (paused.current = true)}
      onPointerLeave={() => (paused.current = false)}
      onFocus={() => (paused.current = true)}
      onBlur={() => (paused.current = false)}
    >
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast__action"
          onClick={() => {
            toast.action!.onAction();
            dismissToast(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <IconButton label="Dismiss" size="sm" className="toast__close" onClick={() => dismissToast(toast.id)}>
        <CloseIcon size={14} />
      </IconButton>
    </div>
  );
}
