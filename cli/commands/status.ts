import type { Command } from 'commander';
import type { Run } from '../program.ts';
import { statusLines } from '../render.ts';
import type { Session } from '../session.ts';

export function statusCommand(command: Command, run: Run): void {
  command
    .description(
      'Counts by status, workers and throughput, live; the queue’s depth and each priority’s, as of the last stats snapshot (GET /status)',
    )
    .action(
      run(async (session: Session) => {
        const status = await session.client().status();
        session.emit(status, () => statusLines(status));
        return undefined;
      }),
    );
}
