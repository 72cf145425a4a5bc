/**
 * `sqs-jobs <command>`: the command line of an sqs-jobs API and of the local runtime (see the
 * README's "Command line"). The only place in cli/ that reads the process's environment.
 */
import { runCli } from './program.ts';

// `sqs-jobs list | head` closing the pipe is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
