import type { RequestCounts } from '../../src/adapters/aws/request-counter.ts';

/** The messages bootstrap.cjs exchanges with the runtime; keep the two in step. */
export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stack?: string;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly event: unknown;
  /** Epoch ms when the function's timeout ends; `context.getRemainingTimeInMillis()` counts down to it. */
  readonly deadlineMs: number;
  readonly requestId: string;
}

export type BootstrapMessage =
  | { readonly type: 'ready'; readonly initMs: number }
  | { readonly type: 'init-error'; readonly error: LambdaError }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: LambdaError;
      readonly requestCounts?: RequestCounts;
      /** Set when an uncaught error ends the process right after this answer. */
      readonly exiting?: boolean;
    };

/** What the bootstrap needs besides its environment, passed as JSON in argv[2]. */
export interface BootstrapConfig {
  readonly handler: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memoryMb: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /**
   * Where V8 keeps the compiled handler bundle between instances (node:module's compile cache), so
   * only the first instance of a bundle pays for compiling it; shared by every run on the machine.
   */
  readonly compileCacheDir: string;
}

export type InvocationOutcome =
  | { readonly ok: true; readonly value: unknown; readonly requestId: string; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly error: LambdaError;
      readonly requestId: string;
      readonly durationMs: number;
    };
