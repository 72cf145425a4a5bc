import type { Command } from 'commander';
import { delaySeconds, runAtTime, type StartFlags, startOf } from '../arguments.ts';
import { UsageError } from '../errors.ts';
import { formatTime } from '../format.ts';
import type { Run } from '../program.ts';
import type { Session } from '../session.ts';

export function rescheduleCommand(command: Command, run: Run): void {
  command
    .description(
      'Move a scheduled job’s start (POST /jobs/{id}/reschedule); a start within 15 minutes queues it at once',
    )
    .argument('<id>', 'the job id (a job in status scheduled)')
    .option(
      '--run-at <time>',
      'the new start: ISO 8601 with Z or an offset, e.g. 2026-12-01T09:30:00Z (up to a year ahead)',
      runAtTime,
    )
    .option('--delay <seconds>', 'the new start, in seconds from now (0 = now; up to 31536000)', delaySeconds)
    .addHelpText(
      'after',
      `
Only a scheduled job (one submitted to start more than 15 minutes ahead) can be rescheduled; a
pending one's message is already on the queue: cancel it and submit it again.`,
    )
    .action(
      run(async (session: Session, id: string, options: StartFlags) => {
        const start = startOf(options);
        if (!start) throw new UsageError('give the new start: --run-at <time> or --delay <seconds>');
        const answer = await session.client().reschedule(id, start);
        session.emit(answer, () => [
          answer.runAt === undefined
            ? `${answer.id}: ${answer.status}`
            : `${answer.id}: ${answer.status} (starts at ${formatTime(answer.runAt)} at the earliest)`,
        ]);
        return undefined;
      }),
    );
}
