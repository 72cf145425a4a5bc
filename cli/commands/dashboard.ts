import type { Command } from 'commander';
import { intervalSeconds, REQUEST_TIMEOUT_MS } from '../dashboard/config.ts';
import { runDashboard } from '../dashboard/run.ts';
import { UsageError } from '../errors.ts';
import type { Run } from '../program.ts';
import type { Session } from '../session.ts';

export function dashboardCommand(command: Command, run: Run): void {
  command
    .description('Live terminal view of the API (GET /status): workers, counts, throughput, the last failure')
    .option('--interval <seconds>', 'seconds between refreshes, 0.2–3600', intervalSeconds, 1)
    .option('--once', 'print one snapshot and exit (exit code 1 if the API cannot be read)')
    .action(
      run(async (session: Session, options: { interval: number; once?: boolean }) => {
        if (session.json)
          throw new UsageError('the dashboard draws for people; for JSON use sqs-jobs status --json');
        const { url } = session.apiUrl();
        const apiKey = session.apiKey();
        return runDashboard(
          {
            url: new URL(url),
            apiKey,
            signer: session.signer(url),
            intervalMs: Math.round(options.interval * 1_000),
            once: options.once === true,
            timeoutMs: REQUEST_TIMEOUT_MS,
          },
          { stdout: session.io.stdout, stderr: session.io.stderr },
        );
      }),
    );
}
