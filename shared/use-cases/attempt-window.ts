import type { AttemptWindow } from '../ports/index.ts';

/** The fixed window of `seconds` that `now` falls in: attempts are counted per key and window. */
export const attemptWindow = (now: Date, seconds: number): AttemptWindow => ({ index: Math.floor(now.getTime() / 1000 / seconds), seconds });

/** When the window ends: the moment a limit it holds lifts. */
export const windowEnd = (window: AttemptWindow) => new Date((window.index + 1) * window.seconds * 1000);

/** Whole seconds until the window ends (at least 1), for Retry-After. */
export const secondsUntilEnd = (window: AttemptWindow, now: Date) => Math.max(1, Math.ceil((windowEnd(window).getTime() - now.getTime()) / 1000));
