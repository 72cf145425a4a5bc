import type { Command } from 'commander';
import type { Run } from '../program.ts';
import { BATCH_JOBS_SHOWN, batchCanceledLine, batchLines, batchTable } from '../render.ts';
import type { Session } from '../session.ts';

/** `sqs-jobs batches`: the newest batches (`GET /batches`); with --json the API's answer as it gave it. */
export function batchesCommand(command: Command, run: Run): void {
  command
    .description('List the 20 newest batches, newest first (GET /batches): id, created, total, callback job')
    .action(
      run(async (session: Session) => {
        const batches = await session.client().batches.list();
        session.emit({ batches }, () => batchTable(batches));
        return undefined;
      }),
    );
}

/** `sqs-jobs batch <id>`: one batch (`GET /batches/{id}`); with --json the API's answer, every job in it. */
export function batchCommand(command: Command, run: Run): void {
  command
    .description(
      'Show a batch (GET /batches/{id}): total, finished with the percent, counts by status, its callback, and its jobs',
    )
    .argument('<id>', 'the batch id (printed by submit --file --batch)')
    .option('--all', `list every job of the batch (default: the first ${BATCH_JOBS_SHOWN})`)
    .addHelpText(
      'after',
      `
Examples:
  sqs-jobs batch 7d2e…
  sqs-jobs batch 7d2e… --all
  sqs-jobs cancel-batch 7d2e…

A batch is kept 30 days; an unknown or expired id exits 3 with 404 BatchNotFound.`,
    )
    .action(
      run(async (session: Session, id: string, options: { all?: boolean }) => {
        const batch = await session.client().batches.get(id);
        session.emit(batch, () => batchLines(batch, { all: options.all === true }));
        return undefined;
      }),
    );
}

/** `sqs-jobs cancel-batch <id>`: `POST /batches/{id}/cancel`, as `cancel` is for one job. */
export function cancelBatchCommand(command: Command, run: Run): void {
  command
    .description(
      "Cancel a batch's unfinished jobs (POST /batches/{id}/cancel), each as cancel would; prints how many were canceled, are stopping and had finished. Its callback still runs",
    )
    .argument('<id>', 'the batch id')
    .action(
      run(async (session: Session, id: string) => {
        const answer = await session.client().batches.cancel(id);
        session.emit(answer, () => [batchCanceledLine(answer)]);
        return undefined;
      }),
    );
}
