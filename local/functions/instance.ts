import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestCounts } from '../../src/adapters/aws/request-counter.ts';
import { profilingFlags } from '../profiling.ts';
import type { FunctionModel } from '../template/functions.ts';
import { logGroupName, logStreamName } from './environment.ts';
import type { FunctionOutput } from './output.ts';
import type {
  BootstrapConfig,
  BootstrapMessage,
  InvocationOutcome,
  InvokeMessage,
  LambdaError,
} from './protocol.ts';

const BOOTSTRAP = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bootstrap.cjs');
const COMPILE_CACHE_DIR = path.join(tmpdir(), 'sqs-jobs-compile-cache');
/** Lambda gives the init phase (loading the handler module) ten seconds. */
const INIT_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;

export interface InstanceHooks {
  /** The process ended; the pool drops the instance and starts a fresh one when needed. */
  onExit(instance: FunctionInstance): void;
  onRequestCounts(counts: RequestCounts): void;
  /**
   * The instance is finished with for a reason other than stop(): it exited, failed to init or was
   * killed at its timeout. Called once, as soon as the runtime knows (before the invocation's
   * outcome is answered), so a replacement started right after already counts as a restart.
   */
  onCrash?(instance: FunctionInstance, crash: InstanceCrash): void;
}

export interface InstanceCrash {
  /** "exit code 3", "signal SIGKILL", "timeout", "init: Runtime.ImportModuleError", … */
  readonly reason: string;
  /** The invocation that was running, if any. */
  readonly requestId: string | undefined;
  /** Set when the runtime's chaos mode caused it. */
  readonly injected?: InjectedFault;
}

/** A fault chaos mode injects into one invocation, `afterMs` after it starts (or when it answers, if sooner). */
export type InjectedFault = 'crash' | 'timeout';
export interface FaultPlan {
  readonly fault: InjectedFault;
  readonly afterMs: number;
}

export interface InstanceSpec {
  readonly fn: FunctionModel;
  readonly env: Readonly<Record<string, string>>;
  readonly output: FunctionOutput;
}

interface Pending {
  readonly id: number;
  readonly requestId: string;
  readonly started: number;
  readonly resolve: (outcome: InvocationOutcome) => void;
  readonly timer: NodeJS.Timeout;
  readonly fault: InjectedFault | undefined;
  readonly faultTimer: NodeJS.Timeout | undefined;
}

/** One execution environment: a child process running bootstrap.cjs, one invocation at a time. */
export class FunctionInstance {
  readonly label: string;
  private readonly child: ChildProcess;
  private readonly ready: Promise<LambdaError | undefined>;
  private pending: Pending | undefined;
  private nextId = 1;
  private exited = false;
  /** Killed, crashing or failed to init: finished with, even if the process has not exited yet. */
  private broken = false;
  private stopRequested = false;
  private crashReported = false;

  constructor(
    private readonly spec: InstanceSpec,
    number: number,
    private readonly hooks: InstanceHooks,
  ) {
    const { fn } = spec;
    this.label = `${fn.shortName}#${number}`;
    const stream = logStreamName(fn, { number, started: new Date() });
    const config: BootstrapConfig = {
      handler: fn.handler,
      functionName: fn.name,
      functionArn: fn.arn,
      memoryMb: fn.memoryMb,
      logGroupName: logGroupName(fn),
      logStreamName: stream,
      compileCacheDir: COMPILE_CACHE_DIR,
    };
    this.child = fork(BOOTSTRAP, [JSON.stringify(config)], {
      cwd: fn.codeDir,
      env: { ...spec.env, AWS_LAMBDA_LOG_STREAM_NAME: stream },
      // Not the runtime's own flags (tsx's loader): the heap is what MemorySize buys on Lambda.
      execArgv: [...lambdaHeapFlags(fn.memoryMb), ...profilingFlags(fn.shortName)],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // A process group of its own: Ctrl-C and `timeout` signal the terminal's whole group, and a
      // signal landing before bootstrap.cjs has installed its handlers would kill the instance
      // mid-start along with the batch waiting for it. The runtime alone decides when it ends; it
      // still ends with the runtime, even a kill -9 of it, when the IPC channel closes.
      detached: true,
    });
    if (this.child.stdout) spec.output.attach(fn.shortName, this.label, this.child.stdout);
    if (this.child.stderr) spec.output.attach(fn.shortName, this.label, this.child.stderr);
    this.ready = this.waitForInit();
    this.child.on('message', (message: BootstrapMessage) => this.onMessage(message));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    // A send to a process that just died reports here; without a listener it would end the runtime.
    this.child.on('error', (error) => {
      this.broken = true;
      const pending = this.pending;
      if (!pending) return;
      this.finish({
        ok: false,
        error: {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${pending.requestId} Error: ${error.message}`,
        },
        requestId: pending.requestId,
        durationMs: 0,
      });
    });
  }

  /** Resolves once the handler module has loaded or failed to (or the init timed out). */
  async initialized(): Promise<void> {
    await this.ready;
  }

  get alive(): boolean {
    return !this.exited && !this.broken;
  }

  async invoke(event: unknown, plan?: FaultPlan): Promise<InvocationOutcome> {
    const requestId = randomUUID();
    const started = performance.now();
    const initError = await this.ready;
    if (initError) {
      this.broken = true;
      this.reportCrash(
        initError.errorType === 'Sandbox.Timedout' ? 'init timeout' : `init: ${initError.errorType}`,
        requestId,
      );
      return { ok: false, error: initError, requestId, durationMs: performance.now() - started };
    }
    if (!this.alive || this.pending) {
      throw new Error(`${this.label} cannot take an invocation: it is ${this.exited ? 'gone' : 'busy'}.`);
    }
    const timeoutMs = this.spec.fn.timeoutSeconds * 1000;
    return new Promise<InvocationOutcome>((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.timedOut(), timeoutMs);
      const faultTimer = plan
        ? setTimeout(() => this.inject(plan.fault), Math.min(plan.afterMs, timeoutMs))
        : undefined;
      this.pending = { id, requestId, started, resolve, timer, fault: plan?.fault, faultTimer };
      const message: InvokeMessage = {
        type: 'invoke',
        id,
        event,
        deadlineMs: Date.now() + timeoutMs,
        requestId,
      };
      this.child.send(message);
    });
  }

  /** Ends the process; an invocation still running ends with an error, as on a crash. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const kill = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(kill);
  }

  private waitForInit(): Promise<LambdaError | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve({
          errorType: 'Sandbox.Timedout',
          errorMessage: `Init timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds`,
        });
      }, INIT_TIMEOUT_MS);
      const settle = (error: LambdaError | undefined) => {
        clearTimeout(timer);
        resolve(error);
      };
      this.child.on('message', (message: BootstrapMessage) => {
        if (message.type === 'ready') settle(undefined);
        else if (message.type === 'init-error') settle(message.error);
      });
      this.child.once('exit', (code, signal) =>
        settle({
          errorType: 'Runtime.ExitError',
          errorMessage: `Runtime exited during init: ${exitReason(code, signal)}`,
        }),
      );
    });
  }

  private onMessage(message: BootstrapMessage): void {
    if (message.type !== 'result') return;
    if (message.requestCounts) this.hooks.onRequestCounts(message.requestCounts);
    const pending = this.pending;
    if (message.exiting) {
      this.broken = true;
      this.reportCrash(
        `${message.error?.errorType ?? 'uncaught error'} (exit code 1)`,
        pending?.id === message.id ? pending.requestId : undefined,
      );
    }
    if (!pending || pending.id !== message.id) return;
    // A fault planned for this invocation still happens: the process dies before its answer counts.
    if (pending.fault) {
      this.inject(pending.fault);
      return;
    }
    this.finish(
      message.ok
        ? { ok: true, value: message.value ?? null, requestId: pending.requestId, durationMs: 0 }
        : {
            ok: false,
            error: message.error ?? { errorType: 'Error', errorMessage: 'unknown error' },
            requestId: pending.requestId,
            durationMs: 0,
          },
    );
  }

  private inject(fault: InjectedFault): void {
    const pending = this.pending;
    if (!pending || this.exited) return;
    if (fault === 'timeout') {
      this.timedOut(fault);
      return;
    }
    this.broken = true;
    this.reportCrash('signal SIGKILL', pending.requestId, fault);
    this.child.kill('SIGKILL');
    // The exit answers the invocation with Runtime.ExitError, as a real crash does.
  }

  private timedOut(injected?: InjectedFault): void {
    const pending = this.pending;
    if (!pending) return;
    // Lambda does not wait for a handler past its timeout: the environment is thrown away.
    this.broken = true;
    this.reportCrash('timeout', pending.requestId, injected);
    this.child.kill('SIGKILL');
    this.finish({
      ok: false,
      error: {
        errorType: 'Sandbox.Timedout',
        errorMessage: `Task timed out after ${this.spec.fn.timeoutSeconds.toFixed(2)} seconds`,
      },
      requestId: pending.requestId,
      durationMs: 0,
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const pending = this.pending;
    this.reportCrash(exitReason(code, signal, true), pending?.requestId);
    if (pending) {
      this.finish({
        ok: false,
        error: {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${pending.requestId} Error: Runtime exited with error: ${exitReason(code, signal)}`,
        },
        requestId: pending.requestId,
        durationMs: 0,
      });
    }
    this.hooks.onExit(this);
  }

  private finish(outcome: InvocationOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    clearTimeout(pending.faultTimer);
    this.pending = undefined;
    pending.resolve({ ...outcome, durationMs: performance.now() - pending.started });
  }

  private reportCrash(reason: string, requestId: string | undefined, injected?: InjectedFault): void {
    if (this.crashReported || this.stopRequested) return;
    this.crashReported = true;
    this.hooks.onCrash?.(this, { reason, requestId, ...(injected ? { injected } : {}) });
  }
}

/** Lambda's wording ("signal: kill", "exit status 3"), or the event log's ("signal SIGKILL", "exit code 3"). */
function exitReason(code: number | null, signal: NodeJS.Signals | null, forEvents = false): string {
  if (forEvents) return signal ? `signal ${signal}` : `exit code ${code}`;
  return signal ? `signal: ${signal.toLowerCase().replace(/^sig/, '')}` : `exit status ${code}`;
}

/**
 * The heap Lambda's Node.js bootstrap gives a function of `memoryMb`: a tenth of it for the young
 * generation (two semi-spaces of a twentieth each), the rest for the old one. The larger young
 * generation than V8's default also means fewer scavenges per invocation.
 */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}
