import { closeSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { JobEventName } from '../src/core/events.ts';

/** What the runtime did to a function's instances, as structured records (also `<stateDir>/events.log`). */
export type RuntimeEvent =
  | {
      readonly type: 'WorkerCrashed';
      readonly at: string;
      readonly function: string;
      readonly instance: string;
      /** "exit code 3", "signal SIGKILL", "timeout" or "init timeout". */
      readonly reason: string;
      /** The invocation that was running, if any. */
      readonly requestId: string | undefined;
    }
  | {
      readonly type: 'WorkerRestarted';
      readonly at: string;
      readonly function: string;
      readonly instance: string;
      /** Restarts of this function in the last minute, this one included. */
      readonly restartsLastMinute: number;
    }
  | {
      /** A job transition a function reported (see src/core/events.ts). */
      readonly type: JobEventName;
      readonly at: string;
      readonly function: string;
      readonly instance: string;
      readonly jobId: string;
      readonly jobType: string;
      /** attempt, error, cause, reason, durationMs, … as the function logged them. */
      readonly details: Readonly<Record<string, unknown>>;
    }
  | {
      /** An event a function put on one of the stack's EventBridge buses. */
      readonly type: 'BusEvent';
      readonly at: string;
      readonly bus: string;
      readonly source: string;
      readonly detailType: string;
      readonly detail: unknown;
    }
  | {
      readonly type: 'ChaosInjected';
      readonly at: string;
      readonly function: string;
      readonly fault: 'crash' | 'timeout' | 'duplicate';
      /** The instance killed (crash, timeout) … */
      readonly instance?: string;
      readonly requestId?: string;
      /** … or the message delivered twice (duplicate). */
      readonly messageId?: string;
    };

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RuntimeEventInput = Without<RuntimeEvent, 'at'>;

export type EventListener = (event: RuntimeEvent) => void;

export interface EventSink {
  emit(event: RuntimeEventInput): void;
  /** Calls listener with every later event; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
}

/** An EventSink writing to a file, which the runtime closes when it stops. */
export interface FileEventSink extends EventSink {
  close(): void;
}

/**
 * Fans events out to listeners and, when given a file, appends each as one JSON line
 * (synchronously, so a kill -9 loses none). The file stays open: a job makes about three events,
 * and opening and closing the file for each was a third of the runtime's own write time. At most
 * every `recheckMs` it checks the file is still the one open, so one deleted or moved away (to
 * clear it) is created again.
 */
export function createEventSink(file?: string, { recheckMs = 1_000 } = {}): FileEventSink {
  const listeners = new Set<EventListener>();
  let fd: number | undefined;
  let checkedAt = 0;
  let closed = false;
  const release = () => {
    if (fd !== undefined) closeQuietly(fd);
    fd = undefined;
  };
  /** Whether `open` is still the file at `at`, asked at most every recheckMs. */
  const stillThere = (open: number, at: string) => {
    const now = Date.now();
    if (now - checkedAt < recheckMs) return true;
    checkedAt = now;
    return statSync(at, { throwIfNoEntry: false })?.ino === fstatSync(open).ino;
  };
  const append = (line: string) => {
    if (!file || closed) return;
    try {
      if (fd !== undefined && !stillThere(fd, file)) release();
      if (fd === undefined) {
        mkdirSync(path.dirname(file), { recursive: true });
        fd = openSync(file, 'a');
        checkedAt = Date.now();
      }
      writeSync(fd, line);
    } catch {
      // A full disk must not take the runtime down; listeners still hear the event, and the next
      // one opens the file again.
      release();
    }
  };
  return {
    emit(input) {
      const event = { at: new Date().toISOString(), ...input } as RuntimeEvent;
      append(`${JSON.stringify(event)}\n`);
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A listener's bug is its own.
        }
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      release();
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed or gone: nothing left to release.
  }
}

/** For pools and event sources built without a runtime (tests). */
export const NO_EVENTS: EventSink = { emit: () => {}, onEvent: () => () => {} };
