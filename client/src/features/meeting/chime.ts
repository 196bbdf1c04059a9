// The soft chime at the end of a countdown: two gentle sine notes, quiet, under a second. The
// audio context is made only after the person has touched the page (browsers keep a context made
// earlier silent), and only once a countdown is on screen. Muting is remembered in this browser.
import { useSyncExternalStore } from 'react';

const MUTE_KEY = 'debrief:chimeMuted';
/** Loud enough to notice on a call, soft enough not to startle: well under full scale. */
const PEAK_GAIN = 0.07;

let context: AudioContext | null = null;
let armed = false;

function createContext(): void {
  if (context) {
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    return;
  }
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return;
  try {
    context = new Ctor();
  } catch {
    context = null;
  }
}

/** Makes the audio context at this person's next gesture on the page (or now, if the page has
 * had one already). Safe to call often. */
export function armChime(): void {
  if (context || armed) return;
  if (navigator.userActivation?.hasBeenActive) {
    createContext();
    return;
  }
  armed = true;
  const onGesture = () => {
    window.removeEventListener('pointerdown', onGesture, true);
    window.removeEventListener('keydown', onGesture, true);
    armed = false;
    createContext();
  };
  window.addEventListener('pointerdown', onGesture, true);
  window.addEventListener('keydown', onGesture, true);
}

/** Plays the chime, unless muted or the browser gave us no audio. */
export function playChime(): void {
  if (isChimeMuted() || !context) return;
  const ctx = context;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const start = ctx.currentTime + 0.02;
  const notes: Array<[frequency: number, offset: number]> = [
    [784, 0], // G5
    [1047, 0.18], // C6
  ];
  for (const [frequency, offset] of notes) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const t = start + offset;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(PEAK_GAIN, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.95);
  }
}

const listeners = new Set<() => void>();

/** Set only when storage refuses the choice: then it lasts for this page. */
let memoryMuted: boolean | null = null;

export function isChimeMuted(): boolean {
  if (memoryMuted !== null) return memoryMuted;
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export function setChimeMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1');
    else localStorage.removeItem(MUTE_KEY);
  } catch {
    memoryMuted = muted;
  }
  for (const l of [...listeners]) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  const onStorage = (e: StorageEvent) => e.key === MUTE_KEY && l();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(l);
    window.removeEventListener('storage', onStorage);
  };
};
const snapshot = () => isChimeMuted();

/** Whether this browser has muted the chime (follows other tabs too). */
export function useChimeMuted(): boolean {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
