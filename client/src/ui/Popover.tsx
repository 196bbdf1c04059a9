// A small floating panel anchored to the button that opens it, on the native Popover API: the
// browser handles light dismiss, Escape and the top layer; this places it and moves focus in and
// back. Used for menus ("Move to…") and small settings panels.
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode, type Ref } from 'react';
import './ui.css';

interface PopoverProps {
  /** Renders the trigger; spread `triggerProps` onto a button. */
  trigger: (triggerProps: PopoverTriggerProps) => ReactNode;
  /** Accessible name of the panel. */
  label: string;
  children: ReactNode | ((close: () => void) => ReactNode);
  /** Which edge of the trigger to align with. */
  align?: 'start' | 'end';
  role?: 'dialog' | 'menu';
  className?: string;
}

export interface PopoverTriggerProps {
  ref: Ref<HTMLButtonElement>;
  'aria-expanded': boolean;
  'aria-haspopup': 'dialog' | 'menu';
  'aria-controls': string;
  /** Makes the button the popover's invoker: it toggles it, and clicking it is not a light dismiss. */
  popoverTarget: string;
}

export function Popover({ trigger, label, children, align = 'start', role = 'dialog', className }: PopoverProps) {
  const id = useId().replace(/:/g, '');
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  const place = useCallback(() => {
    const anchor = triggerRef.current;
    const panel = panelRef.current;
    if (!anchor || !panel) return;
    const a = anchor.getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    const margin = 8;
    let left = align === 'end' ? a.right - p.width : a.left;
    left = Math.max(margin, Math.min(left, window.innerWidth - p.width - margin));
    let top = a.bottom + 6;
    if (top + p.height > window.innerHeight - margin && a.top - p.height - 6 > margin) top = a.top - p.height - 6;
    panel.style.left = `${Math.round(left)}px`;
    panel.style.top = `${Math.round(top)}px`;
  }, [align]);

  useEffect(() => {
    const panel = panelRef.current;
    if (!panel) return;
    const onToggle = (e: Event) => {
      const next = (e as ToggleEvent).newState === 'open';
      setOpen(next);
      if (!next && panel.contains(document.activeElement)) triggerRef.current?.focus();
    };
    panel.addEventListener('toggle', onToggle);
    return () => panel.removeEventListener('toggle', onToggle);
  }, []);

  useLayoutEffect(() => {
    if (!open) return;
    place();
    const first = panelRef.current?.querySelector<HTMLElement>(
      'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex="0"]',
    );
    first?.focus();
    const onScroll = () => place();
    window.addEventListener('resize', onScroll);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      window.removeEventListener('resize', onScroll);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [open, place]);

  const close = useCallback(() => {
    const panel = panelRef.current;
    if (panel?.matches(':popover-open')) panel.hidePopover();
    triggerRef.current?.focus();
  }, []);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (role !== 'menu' || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    const items = [...(panelRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    if (items.length === 0) return;
    e.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
    items[next]?.focus();
  };

  return (
    <>
      {trigger({
        ref: triggerRef,
        'aria-expanded': open,
        'aria-haspopup': role,
        'aria-controls': id,
        popoverTarget: id,
      })}
      <div
        ref={panelRef}
        id={id}
        popover="auto"
        role={role}
        aria-label={label}
        className={`popover${className ? ` ${className}` : ''}`}
        onKeyDown={onKeyDown}
      >
        {open && (typeof children === 'function' ? children(close) : children)}
      </div>
    </>
  );
}
