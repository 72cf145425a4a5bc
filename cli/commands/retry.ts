import type { Command } from 'commander';
import { readPayload } from '../arguments.ts';
import type { Run } from '../program.ts';
import type { Session } from '../session.ts';

export function retryCommand(command: Command, run: Run): void {
  command
    .description('Run a failed or canceled job again from attempt 1 (POST /jobs/{id}/retry)')
    .argument('<id>', 'the job id')
    .option('--payload <json>', "a new payload, a JSON object ('-' reads it from stdin); default: the job's")
    .action(
      run(async (session: Session, id: string, options: { payload?: string }) => {
        const payload = await readPayload(options.payload, session.io.stdin);
        const answer = await session.client().retry(id, payload === undefined ? {} : { payload });
        session.emit(answer, () => [`${answer.id}: ${answer.status} (runs again from attempt 1)`]);
        return undefined;
      }),
    );
}
