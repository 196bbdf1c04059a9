// The phase's countdown. The facilitator starts one (2, 5, 10 minutes or any number), adds a
// minute or stops it; everyone sees the same time left, counted against the server's clock
// (services/serverClock.ts), never this laptop's alone. At zero: "Time's up", a gentle pulse, and a
// soft chime for pages that watched it run out.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { BoardValidationError } from '../../../../shared/board';
import { extendTimer, startTimer, stopTimer, type PhaseTimer as Timer } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation, useServerNow } from '../../sync/facilitationHooks';
import { serverClock } from '../../services/serverClock';
import { Button, IconButton } from '../../ui/Button';
import { InlineError } from '../../ui/Field';
import { Popover } from '../../ui/Popover';
import { BellIcon, BellOffIcon, ClockIcon, StopIcon } from '../../ui/icons';
import { armChime, playChime, setChimeMuted, useChimeMuted } from './chime';
import { describeCountdown, formatCountdown, justRanOut, parseTimerMinutes } from './meetingLogic';

const PRESET_MINUTES = [2, 5, 10] as const;

/** The countdown of the current phase, or (for the facilitator) the way to start one. */
export function PhaseTimer() {
  const { isFacilitator, closed } = useBoard();
  const { phase, timer } = useFacilitation();
  const running = timer && timer.phase === phase ? timer : null;
  const canControl = isFacilitator && !closed;
  if (running) return <RunningTimer timer={running} canControl={canControl} />;
  return canControl ? <StartTimerButton /> : null;
}

function StartTimerButton() {
  return (
    <Popover
      label="Start a timer"
      align="end"
      className="timer-popover"
      trigger={(props) => (
        <Button variant="ghost" icon={<ClockIcon />} className="meeting-timer-start" title="Start a countdown for this phase" {...props}>
          Timer
        </Button>
      )}
    >
      {(close) => <TimerForm onDone={close} />}
    </Popover>
  );
}

function TimerForm({ onDone }: { onDone: () => void }) {
  const { facilitation, ctx } = useBoard();
  const [minutes, setMinutes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const start = (ms: number) => {
    try {
      startTimer(facilitation, ms, serverClock.now(), ctx);
      armChime();
      onDone();
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseTimerMinutes(minutes);
    if ('error' in parsed) setError(parsed.error);
    else start(parsed.ms);
  };
  return (
    <div className="timer-form">
      <div className="popover__heading">Countdown for this phase</div>
      <div className="timer-form__presets" role="group" aria-label="Quick timers">
        {PRESET_MINUTES.map((m) => (
          <Button key={m} variant="secondary" onClick={() => start(m * 60_000)}>
            {m} min
          </Button>
        ))}
      </div>
      <form className="timer-form__custom" onSubmit={submit} noValidate>
        <label className="timer-form__label" htmlFor="timer-minutes">
          Other
        </label>
        <div className="timer-form__row">
          <div className="input-affix">
            <input
              id="timer-minutes"
              className="input"
              inputMode="decimal"
              value={minutes}
              placeholder="15"
              onChange={(e) => {
                setMinutes(e.target.value);
                if (error) setError(null);
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'timer-minutes-error' : undefined}
              data-native-undo
            />
            <span className="input-affix__suffix">min</span>
          </div>
          <Button type="submit" variant="primary">
            Start
          </Button>
        </div>
        {error && <InlineError id="timer-minutes-error">{error}</InlineError>}
      </form>
    </div>
  );
}

function RunningTimer({ timer, canControl }: { timer: Timer; canControl: boolean }) {
  const { facilitation, ctx } = useBoard();
  const now = useServerNow(250);
  const muted = useChimeMuted();
  // Never more than it was set for: another browser's estimate of the server's clock may be a few
  // milliseconds behind the facilitator's, and a fresh 5:00 must not read 5:01.
  const remaining = Math.max(0, Math.min(timer.durationMs, timer.endsAt - now));
  const up = remaining <= 0;
  const seen = useRef<{ endsAt: number; remaining: number } | null>(null);

  // A countdown on screen: be ready to chime (the browser lets audio start only after a gesture).
  useEffect(() => {
    if (!muted) armChime();
  }, [muted]);

  useEffect(() => {
    const previous = seen.current && seen.current.endsAt === timer.endsAt ? seen.current.remaining : null;
    seen.current = { endsAt: timer.endsAt, remaining };
    if (justRanOut(previous, remaining)) playChime();
  }, [timer.endsAt, remaining]);

  const progress = timer.durationMs > 0 ? Math.min(1, remaining / timer.durationMs) : 0;
  return (
    <div className="meeting-timer" data-state={up ? 'up' : 'running'}>
      <div className="meeting-timer__face" title={up ? "Time's up" : describeCountdown(remaining)}>
        <ClockIcon size={15} />
        <span
          role="timer"
          aria-label="Time left"
          className="meeting-timer__time"
          data-remaining-ms={Math.round(remaining)}
          aria-describedby="meeting-timer-words"
        >
          {up ? "Time's up" : formatCountdown(remaining)}
        </span>
        <span id="meeting-timer-words" className="visually-hidden">
          {describeCountdown(remaining)}
        </span>
        <span className="meeting-timer__progress" aria-hidden="true" style={{ transform: `scaleX(${progress})` }} />
      </div>
      {/* Said once, politely, when it runs out. */}
      <span className="visually-hidden" role="status">
        {up ? "Time's up for this phase." : ''}
      </span>
      {canControl && (
        <>
          <Button
            variant="ghost"
            size="sm"
            className="meeting-timer__more"
            title="Add a minute to the countdown"
            onClick={() => extendTimer(facilitation, 60_000, serverClock.now(), ctx)}
          >
            +1 min
          </Button>
          <IconButton label="Stop the timer" size="sm" onClick={() => stopTimer(facilitation, ctx)}>
            <StopIcon size={14} />
          </IconButton>
        </>
      )}
      <IconButton
        label="Mute the chime"
        title={muted ? 'The chime is muted in this browser' : 'Mute the chime in this browser'}
        size="sm"
        aria-pressed={muted}
        className="meeting-timer__mute"
        onClick={() => setChimeMuted(!muted)}
      >
        {muted ? <BellOffIcon size={14} /> : <BellIcon size={14} />}
      </IconButton>
    </div>
  );
}
