import { addRequestCounts, type RequestCounts } from '../../src/adapters/aws/request-counter.ts';
import { FunctionInstance, type InstanceSpec } from './instance.ts';
import type { InvocationOutcome } from './protocol.ts';

export interface PoolStats {
  readonly logicalId: string;
  readonly shortName: string;
  /** The function's local name, e.g. "SqsJobs-WorkerFunctionCD54EDF9". */
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
}

/**
 * The execution environments of one function: created on demand up to the concurrency limit,
 * reused while warm, thrown away after a timeout or crash and replaced on the next invocation.
 */
export class FunctionPool {
  private readonly idle: FunctionInstance[] = [];
  private readonly busy = new Set<FunctionInstance>();
  private readonly waiters: ((instance: FunctionInstance) => void)[] = [];
  private readonly drainers: (() => void)[] = [];
  private readonly counts: RequestCounts = {};
  private created = 0;
  private invocations = 0;
  private errors = 0;
  private timeouts = 0;
  private busyMs = 0;
  private stopped = false;

  constructor(
    private readonly spec: InstanceSpec,
    readonly limit: number,
  ) {}

  async invoke(event: unknown): Promise<InvocationOutcome> {
    if (this.stopped) throw new Error(`${this.spec.fn.shortName} is stopped.`);
    this.invocations += 1;
    const instance = await this.acquire();
    let outcome: InvocationOutcome;
    try {
      outcome = await instance.invoke(event);
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
    };
  }

  /** AWS requests the function's instances made, summed over every instance so far. */
  requestCounts(): RequestCounts {
    return { ...this.counts };
  }

  /** Resolves once no invocation is running or waiting (each is bounded by the function timeout). */
  drain(): Promise<void> {
    if (this.busy.size === 0 && this.waiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainers.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
    if (this.busy.size < this.limit) return Promise.resolve(this.start());
    return new Promise((resolve) => this.waiters.push(resolve));
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
    if (this.busy.size === 0 && this.waiters.length === 0) {
      for (const drained of this.drainers.splice(0)) drained();
    }
  }

  private markBusy(instance: FunctionInstance): FunctionInstance {
    this.busy.add(instance);
    return instance;
  }

  private start(): FunctionInstance {
    this.created += 1;
    const instance = new FunctionInstance(this.spec, this.created, {
      onExit: (gone) => {
        const at = this.idle.indexOf(gone);
        if (at >= 0) this.idle.splice(at, 1);
      },
      onRequestCounts: (counts) => addRequestCounts(this.counts, counts),
    });
    return this.markBusy(instance);
  }
}
