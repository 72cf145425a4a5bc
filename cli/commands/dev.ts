import type { Command } from 'commander';
import {
  addRuntimeOptions,
  LaunchConfigError,
  type LaunchOptions,
  launch,
  runtimeOptions,
} from '../../local/launch.ts';
import { UsageError } from '../errors.ts';
import type { Run } from '../program.ts';
import { findProjectRoot } from '../project-root.ts';
import type { Session } from '../session.ts';

export function devCommand(command: Command, run: Run): void {
  addRuntimeOptions(
    command
      .description(
        'Run your CDK app locally (the nearest cdk.json, from this folder up) on emulators until Ctrl-C, as npm start runs this repository',
      )
      .addHelpText(
        'after',
        '\nThe global --region is the region the stack pretends to be in; --api-key the key --auth checks (else <state-dir>/api-key, else a new one).',
      ),
    { region: false },
  ).action(
    run(async (session: Session, flags: LaunchOptions['flags']) => {
      const { io, globals } = session;
      if (session.json)
        throw new UsageError("dev prints the runtime's listing for people; --json is for the API commands");
      const projectRoot = findProjectRoot(io.cwd);
      if (!projectRoot)
        throw new UsageError(
          `no cdk.json in ${io.cwd} or any folder above it; run sqs-jobs dev inside a CDK app (the folder cdk synth runs in)`,
        );
      const options: LaunchOptions = {
        projectRoot,
        flags: { ...flags, ...(globals.region ? { region: globals.region } : {}) },
        apiKey: session.apiKey(),
        command: 'sqs-jobs dev',
      };
      try {
        runtimeOptions(options, io.env);
      } catch (error) {
        // A bad PORT or SQS_JOBS_*_PORT: said as a usage error, before anything starts.
        if (error instanceof LaunchConfigError) throw new UsageError(error.message);
        throw error;
      }
      // Runs until a signal; launch ends the process itself, with npm start's exit codes.
      await launch(options, io.env);
      return undefined;
    }),
  );
}
