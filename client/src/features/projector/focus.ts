// What the facilitator is pointing at, for the room screen to follow: the note, factor, cluster or
// action that holds their keyboard focus or that they last clicked, shared through presence
// (awareness), never through the board document: it is a moment's attention, not part of the record.
import { useEffect, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';

export type FocusKind = 'event' | 'factor' | 'cluster' | 'action';

export interface FacilitatorFocus {
  kind: FocusKind;
  id: string;
}

const ATTRIBUTES: ReadonlyArray<[FocusKind, string]> = [
  ['event', 'data-event-id'],
  ['factor', 'data-factor-id'],
  ['cluster', 'data-cluster-id'],
  ['action', 'data-action-id'],
];

/** The item an element belongs to (the innermost one), or null. */
export function focusOf(target: EventTarget | null): FacilitatorFocus | null {
  if (!(target instanceof Element)) return null;
  let best: { el: Element; focus: FacilitatorFocus } | null = null;
  for (const [kind, attribute] of ATTRIBUTES) {
    const el = target.closest(`[${attribute}]`);
    if (el && (!best || best.el.contains(el))) best = { el, focus: { kind, id: el.getAttribute(attribute)! } };
  }
  return best?.focus ?? null;
}

/** The facilitator's board shares what they point at (keyboard focus or a click) with the room. */
export function useShareFocus(awareness: Awareness, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let last = '';
    const share = (e: Event) => {
      const focus = focusOf(e.target);
      if (!focus) return;
      const key = `${focus.kind}:${focus.id}`;
      if (key === last) return;
      last = key;
      awareness.setLocalStateField('focus', focus);
    };
    document.addEventListener('focusin', share);
    document.addEventListener('pointerdown', share);
    return () => {
      document.removeEventListener('focusin', share);
      document.removeEventListener('pointerdown', share);
    };
  }, [awareness, enabled]);
}

function isFocus(value: unknown): value is FacilitatorFocus {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && ATTRIBUTES.some(([kind]) => kind === v.kind);
}

/** What a facilitator present on the board points at now (the first one found), or null. */
export function useFacilitatorFocus(awareness: Awareness): FacilitatorFocus | null {
  const key = useSyncExternalStore(
    (onChange) => {
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    () => {
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const user = (state as { user?: { role?: unknown } }).user;
        const focus = (state as { focus?: unknown }).focus;
        if (user?.role === 'facilitator' && isFocus(focus)) return `${focus.kind}:${focus.id}`;
      }
      return '';
    },
    () => '',
  );
  if (!key) return null;
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as FocusKind, id: key.slice(at + 1) };
}
