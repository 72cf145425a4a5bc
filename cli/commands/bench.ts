import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { codeFile, FROM_SOURCES } from '../../src/code-root.ts';
import type { Run } from '../program.ts';
import { findProjectRoot } from '../project-root.ts';
import type { Session } from '../session.ts';

const BENCHMARK = codeFile('bench/main');
/** The sources run under tsx (a dev dependency); the package's compiled benchmark under plain Node. */
const LOADER = FROM_SOURCES ? ['--import', import.meta.resolve('tsx')] : [];

export function benchCommand(command: Command, run: Run): void {
  command
    .description(
      'Run the benchmark suite (npm run bench) on your CDK app in the embedded runtime; arguments go to it ' +
        '(sqs-jobs bench -- --help lists them)',
    )
    .argument(
      '[args...]',
      "scenarios to run (default: all; --list names them), then the suite's options: --jobs <n>, " +
        '--concurrency <n>, --warmup <n>, --type <type>, --payload <json>, --latency-seconds <n>, ' +
        '--rate <n>, --batch <n>, --fan-in <n>, --cpu-prof <dir>',
    )
    // Its options are the benchmark's: passed through, --help included.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(run(async (session: Session, args: string[]) => runBenchmark(session, args)));
}

/** The suite in its own Node process, as `npm run bench` runs it; resolves to its exit code. */
function runBenchmark(session: Session, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...LOADER, BENCHMARK, ...args], {
    // The CDK app around the current folder, as sqs-jobs dev finds it.
    cwd: findProjectRoot(session.io.cwd) ?? session.io.cwd,
    env: session.io.env,
    stdio: 'inherit',
  });
  // A terminal's Ctrl-C reaches both processes; a SIGTERM sent to this one alone is passed on.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 143));
    });
  });
}
