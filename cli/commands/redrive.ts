import type { Command } from 'commander';
import type { RedriveResult } from '../../src/client/index.ts';
import type { Run } from '../program.ts';
import { redriveLine } from '../render.ts';
import type { Session } from '../session.ts';

interface RedriveOptions {
  readonly type?: string;
  readonly ids?: string[];
}

export function redriveCommand(command: Command, run: Run): void {
  command
    .description('Move dead letters back to the queue (POST /dlq/redrive): all, one type, or given jobs')
    .option('--type <type>', 'only dead letters of this job type')
    .option('--ids <id...>', 'only these jobs')
    .addHelpText(
      'after',
      '\nThe API answers "more" when a call ran out of time; redrive calls again as long as calls move dead letters.',
    )
    .action(
      run(async (session: Session, options: RedriveOptions) => {
        const client = session.client();
        const filter = {
          ...(options.type ? { type: options.type } : {}),
          ...(options.ids ? { ids: options.ids } : {}),
        };
        let total: RedriveResult = { moved: 0, stale: 0, skipped: 0, more: false };
        for (;;) {
          const result = await client.redrive(filter);
          // Skipped messages stay in the queue and are read again by the next call: the last count holds.
          total = {
            moved: total.moved + result.moved,
            stale: total.stale + result.stale,
            skipped: result.skipped,
            more: result.more,
          };
          // A call that ran out of time without moving anything would only do so again.
          if (!result.more || result.moved + result.stale === 0) break;
        }
        session.emit(total, () => [redriveLine(total)]);
        return undefined;
      }),
    );
}
