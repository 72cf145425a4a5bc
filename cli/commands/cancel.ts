import type { Command } from 'commander';
import type { Run } from '../program.ts';
import type { Session } from '../session.ts';

export function cancelCommand(command: Command, run: Run): void {
  command
    .description(
      'Cancel a job (POST /jobs/{id}/cancel): a waiting, scheduled or pending one at once (the jobs waiting for it are told), a running one at its next heartbeat',
    )
    .argument('<id>', 'the job id')
    .action(
      run(async (session: Session, id: string) => {
        const answer = await session.client().cancel(id);
        session.emit(answer, () => [
          answer.cancelRequested
            ? `${answer.id}: cancel requested; the job is ${answer.status} and stops at its next heartbeat (within 5 s)`
            : `${answer.id}: ${answer.status}`,
        ]);
        return undefined;
      }),
    );
}
