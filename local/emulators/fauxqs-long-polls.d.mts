/** See fauxqs-long-polls.mjs. */
export interface InterruptibleLongPolls {
  /** False when this fauxqs lacks what the wrapper needs; end() then does nothing. */
  readonly supported: boolean;
  /** Answers every waiting long poll now, and every later one at once. */
  end(): void;
}

export function interruptibleLongPolls(): Promise<InterruptibleLongPolls>;
