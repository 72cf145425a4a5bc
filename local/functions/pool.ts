import { setTimeout as sleep } from 'node:timers/promises';
import { addRequestCounts, type RequestCounts } from '../../src/adapters/aws/request-counter.ts';
import { type ChaosSettings, invocationFault } from '../chaos.ts';
import { type EventSink, NO_EVENTS } from '../events.ts';
import type { InitGate } from './init-gate.ts';
import { FunctionInstance, type InstanceSpec } from './instance.ts';
import type { InvocationOutcome } from './protocol.ts';

/** Replacing crashed instances is bounded: at most this many restarts per window, then a back-off. */
export const DEFAULT_MAX_RESTARTS = 5;
export const DEFAULT_RESTART_WINDOW_MS = 60_000;
/** An injected fault strikes within this long of the invocation's start (or when it answers, if sooner). */
const FAULT_WINDOW_MS = 1_000;

export interface PoolOptions {
  /** Where WorkerCrashed, WorkerRestarted and ChaosInjected go. */
  readonly events?: EventSink;
  /** The runtime's own log (the back-off notice). */
  readonly log?: (line: string) => void;
  /** Faults to inject into invocations (the runtime gives them only to functions fed by SQS). */
  readonly chaos?: ChaosSettings;
  readonly random?: () => number;
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  /** Shared by the runtime's pools: how many instances may initialise at once. */
  readonly initGate?: InitGate;
}

export interface PoolStats {
  readonly logicalId: string;
  readonly shortName: string;
  /** The function's local name, e.g. "sqs-jobs-local-WorkerFunctionCD54EDF9". */
  readonly name: string;
  readonly memoryMb: number;
  readonly limit: number;
  /** Instances running an invocation right now. */
  readonly busy: number;
  readonly idle: number;
  /** Invocations waiting for a free instance (the concurrency limit is reached). */
  readonly waiting: number;
  readonly invocations: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly coldStarts: number;
  /** Time spent in invocations, what Lambda bills as duration (a cold start's includes loading the handler). */
  readonly busyMs: number;
  /** Instances that ended other than by stop (exit, kill at the timeout, failed init), and their replacements. */
  readonly crashes: number;
  readonly restarts: number;
}

/**
 * The execution environments of one function: created on demand up to the concurrency limit,
 * reused while warm, thrown away after a timeout or crash and replaced on the next invocation —
 * at most maxRestarts per window; past that, the replacement (and the invocations waiting for it)
 * waits until the window frees a slot, so a function that crashes at every start cannot spin.
 */
export class FunctionPool {
  private readonly idle: FunctionInstance[] = [];
  private readonly busy = new Set<FunctionInstance>();
  private readonly waiters: ((instance: FunctionInstance | Promise<FunctionInstance>) => void)[] = [];
  private readonly drainers: (() => void)[] = [];
  private readonly counts: RequestCounts = {};
  private created = 0;
  private invocations = 0;
  private errors = 0;
  private timeouts = 0;
  private busyMs = 0;
  private stopped = false;
  private readonly stopping = new AbortController();
  /** Instances being started (possibly waiting out the restart back-off): they hold a slot. */
  private starting = 0;
  /** Crashed instances not replaced yet: the next start is a restart. */
  private unreplaced = 0;
  private crashes = 0;
  private restarts = 0;
  /** When each restart in the current window happened, oldest first. */
  private readonly restartTimes: number[] = [];
  private backingOff = false;
  private readonly events: EventSink;
  private readonly random: () => number;
  private readonly maxRestarts: number;
  private readonly restartWindowMs: number;

  constructor(
    private readonly spec: InstanceSpec,
    readonly limit: number,
    private readonly options: PoolOptions = {},
  ) {
    this.events = options.events ?? NO_EVENTS;
    this.random = options.random ?? Math.random;
    this.maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS;
    this.restartWindowMs = options.restartWindowMs ?? DEFAULT_RESTART_WINDOW_MS;
  }

  async invoke(event: unknown): Promise<InvocationOutcome> {
    if (this.stopped) throw new Error(`${this.spec.fn.shortName} is stopped.`);
    this.invocations += 1;
    const instance = await this.acquire();
    const { chaos } = this.options;
    const fault = chaos ? invocationFault(chaos, this.random) : undefined;
    let outcome: InvocationOutcome;
    try {
      outcome = await instance.invoke(
        event,
        fault ? { fault, afterMs: this.random() * FAULT_WINDOW_MS } : undefined,
      );
    } finally {
      this.release(instance);
    }
    this.busyMs += outcome.durationMs;
    if (!outcome.ok) {
      this.errors += 1;
      if (outcome.error.errorType === 'Sandbox.Timedout') this.timeouts += 1;
    }
    return outcome;
  }

  /**
   * Starts instances ahead of any invocation, up to `count` in all (and the concurrency limit), and
   * keeps them idle, as provisioned concurrency does on Lambda: the first jobs and requests then
   * find a warm environment instead of paying a start. Resolves once they are ready; one that fails
   * to init is simply not kept (the next invocation starts its own and reports the failure).
   */
  async warm(count: number): Promise<void> {
    const missing = Math.min(count, this.limit) - (this.idle.length + this.busy.size + this.starting);
    await Promise.all(
      Array.from({ length: Math.max(0, missing) }, async () => {
        const instance = await this.start().catch(() => undefined);
        if (!instance) return;
        await instance.initialized();
        this.release(instance);
      }),
    );
  }

  stats(): PoolStats {
    return {
      logicalId: this.spec.fn.logicalId,
      shortName: this.spec.fn.shortName,
      name: this.spec.fn.name,
      memoryMb: this.spec.fn.memoryMb,
      limit: this.limit,
      busy: this.busy.size,
      idle: this.idle.length,
      waiting: this.waiters.length,
      invocations: this.invocations,
      errors: this.errors,
      timeouts: this.timeouts,
      coldStarts: this.created,
      busyMs: this.busyMs,
      crashes: this.crashes,
      restarts: this.restarts,
    };
  }

  /** AWS requests the function's instances made, summed over every instance so far. */
  requestCounts(): RequestCounts {
    return { ...this.counts };
  }

  /** Resolves once no invocation is running or waiting (each is bounded by the function timeout). */
  drain(): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => this.drainers.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A replacement waiting out the back-off gives up: its invocation fails and its messages come back.
    this.stopping.abort();
    await this.drain();
    const instances = [...this.idle];
    this.idle.length = 0;
    await Promise.all(instances.map((instance) => instance.stop()));
  }

  private acquire(): Promise<FunctionInstance> {
    while (this.idle.length > 0) {
      // Most recently used first, as Lambda keeps the warmest environment busy.
      const instance = this.idle.pop() as FunctionInstance;
      if (instance.alive) {
        this.busy.add(instance);
        return Promise.resolve(instance);
      }
    }
    if (this.busy.size + this.starting < this.limit) return this.start();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private isDrained(): boolean {
    return this.busy.size === 0 && this.starting === 0 && this.waiters.length === 0;
  }

  private notifyDrained(): void {
    if (this.isDrained()) for (const drained of this.drainers.splice(0)) drained();
  }

  private release(instance: FunctionInstance): void {
    this.busy.delete(instance);
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter(instance.alive ? this.markBusy(instance) : this.start());
    } else if (instance.alive && !this.stopped) {
      this.idle.push(instance);
    } else if (instance.alive) {
      void instance.stop();
    }
    this.notifyDrained();
  }

  private markBusy(instance: FunctionInstance): FunctionInstance {
    this.busy.add(instance);
    return instance;
  }

  private async start(): Promise<FunctionInstance> {
    this.starting += 1;
    try {
      const restart = this.unreplaced > 0;
      if (restart) {
        this.unreplaced -= 1;
        await this.restartSlot();
      }
      const leave = await this.options.initGate?.enter();
      if (this.stopped) {
        leave?.();
        throw new Error(`${this.spec.fn.shortName} stopped while waiting to start an instance.`);
      }
      this.created += 1;
      const instance = this.newInstance(this.created);
      if (leave) void instance.initialized().finally(leave);
      if (restart) {
        this.restarts += 1;
        this.events.emit({
          type: 'WorkerRestarted',
          function: this.spec.fn.shortName,
          instance: instance.label,
          restartsLastMinute: this.restartTimes.length,
        });
      }
      return this.markBusy(instance);
    } finally {
      this.starting -= 1;
      this.notifyDrained();
    }
  }

  /** Waits until the window allows another restart, then takes the slot. */
  private async restartSlot(): Promise<void> {
    for (let waited = false; ; waited = true) {
      const now = Date.now();
      while (this.restartTimes.length > 0 && (this.restartTimes[0] ?? 0) <= now - this.restartWindowMs)
        this.restartTimes.shift();
      if (this.restartTimes.length < this.maxRestarts) {
        this.restartTimes.push(now);
        // Said once per run of back-offs: a restart that finds a free slot at once ends the run.
        if (!waited) this.backingOff = false;
        return;
      }
      const until = (this.restartTimes[0] ?? now) + this.restartWindowMs;
      if (!this.backingOff) {
        this.backingOff = true;
        this.options.log?.(
          `[runtime] ${this.spec.fn.shortName}: ${this.maxRestarts} restarts within ${this.restartWindowMs / 1000} s; ` +
            `backing off until ${new Date(until).toISOString()} (invocations wait meanwhile).`,
        );
      }
      await sleep(until - now, undefined, { signal: this.stopping.signal }).catch(() => {});
      if (this.stopped) throw new Error(`${this.spec.fn.shortName} stopped while waiting to restart.`);
    }
  }

  private newInstance(number: number): FunctionInstance {
    const fn = this.spec.fn.shortName;
    return new FunctionInstance(this.spec, number, {
      onExit: (gone) => {
        const at = this.idle.indexOf(gone);
        if (at >= 0) this.idle.splice(at, 1);
      },
      onRequestCounts: (counts) => addRequestCounts(this.counts, counts),
      onCrash: (gone, crash) => {
        this.crashes += 1;
        this.unreplaced += 1;
        if (crash.injected) {
          this.events.emit({
            type: 'ChaosInjected',
            function: fn,
            fault: crash.injected,
            instance: gone.label,
            requestId: crash.requestId,
          });
        }
        this.events.emit({
          type: 'WorkerCrashed',
          function: fn,
          instance: gone.label,
          reason: crash.reason,
          requestId: crash.requestId,
        });
      },
    });
  }
}
