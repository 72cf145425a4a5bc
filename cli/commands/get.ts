import type { Command } from 'commander';
import type { Run } from '../program.ts';
import { jobLines } from '../render.ts';
import type { Session } from '../session.ts';

export function getCommand(command: Command, run: Run): void {
  command
    .description(
      'Show a job (GET /jobs/{id}): status (and why a limit holds it back), attempts, times (and when a finished job expires), payload, result or error, history',
    )
    .argument('<id>', 'the job id')
    .action(
      run(async (session: Session, id: string) => {
        const job = await session.client().get(id);
        session.emit(job, () => jobLines(job));
        return undefined;
      }),
    );
}
