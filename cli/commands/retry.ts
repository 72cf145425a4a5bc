import type { Command } from 'commander';
import { readPayload } from '../arguments.ts';
import type { Run } from '../program.ts';
import type { Session } from '../session.ts';

export function retryCommand(command: Command, run: Run): void {
  command
    .description(
      'Run a failed or canceled job again from attempt 1 (POST /jobs/{id}/retry); a job with dependencies waits for them again first',
    )
    .argument('<id>', 'the job id')
    .option('--payload <json>', "a new payload, a JSON object ('-' reads it from stdin); default: the job's")
    .action(
      run(async (session: Session, id: string, options: { payload?: string }) => {
        const payload = await readPayload(options.payload, session.io.stdin);
        const answer = await session.client().retry(id, payload === undefined ? {} : { payload });
        session.emit(answer, () => [retriedLine(answer)]);
        return undefined;
      }),
    );
}

/**
 * "r1: pending (runs again from attempt 1)"; a job with dependencies waits for them again, and ends at
 * once when one that already ended failed or was canceled (its policy says how).
 */
function retriedLine(answer: { readonly id: string; readonly status: string }): string {
  if (answer.status === 'waiting')
    return `${answer.id}: waiting (for its dependencies, then runs again from attempt 1)`;
  if (answer.status === 'failed' || answer.status === 'canceled')
    return `${answer.id}: ${answer.status} again at once, as a dependency ended failed or canceled (see sqs-jobs get ${answer.id})`;
  return `${answer.id}: ${answer.status} (runs again from attempt 1)`;
}
