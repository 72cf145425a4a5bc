/**
 * Errors the local runtime raises. Each says what to do next, because the person reading it is at
 * a terminal running `npm start`, not reading a stack trace.
 */
export class LocalRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The synthesized template holds something the runtime cannot read or resolve. */
export class TemplateError extends LocalRuntimeError {
  readonly logicalId: string | undefined;

  constructor(message: string, logicalId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.logicalId = logicalId;
  }
}

/** `cdk synth` failed or the cloud assembly is missing or malformed. */
export class SynthError extends LocalRuntimeError {}

/** An emulator child process could not start or stopped unexpectedly. */
export class EmulatorError extends LocalRuntimeError {
  readonly emulator: string;

  constructor(emulator: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.emulator = emulator;
  }
}

/** The state on disk does not fit the template (e.g. a table's key schema changed). */
export class ProvisionError extends LocalRuntimeError {
  readonly logicalId: string;

  constructor(logicalId: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.logicalId = logicalId;
  }
}

/** A `--chaos` spec the runtime cannot read (unknown fault, or a probability outside 0..1). */
export class ChaosSpecError extends LocalRuntimeError {
  readonly spec: string;

  constructor(spec: string, message: string) {
    super(message);
    this.spec = spec;
  }
}
