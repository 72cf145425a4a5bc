import { type Command, Option } from 'commander';
import type { Priority } from '../../src/client/index.ts';
import { PRIORITIES } from '../../src/core/priority.ts';
import { readPayload, scheduleExpression, scheduleName, timezoneName, wholeNumber } from '../arguments.ts';
import type { Run } from '../program.ts';
import { schedulePutLine } from '../render.ts';
import type { Session } from '../session.ts';

interface SetOptions {
  readonly schedule: string;
  readonly type: string;
  readonly payload?: string;
  readonly timezone?: string;
  readonly maxAttempts?: number;
  readonly priority?: Priority;
}

/** `sqs-jobs schedules set <name>`: creates or replaces a run-time schedule (PUT /schedules/{name}). */
export function scheduleSetCommand(command: Command, run: Run): void {
  command
    .description(
      'Create or replace a schedule (PUT /schedules/{name}); prints whether it was created or replaced, and its next run',
    )
    .argument(
      '<name>',
      'the schedule name: 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit',
      scheduleName,
    )
    .requiredOption(
      '--schedule <expr>',
      'when it fires, as EventBridge writes it: cron(minutes hours day-of-month month day-of-week year) or rate(n minutes|hours|days)',
      scheduleExpression,
    )
    .requiredOption('--type <type>', 'the job type each firing submits')
    .option(
      '--payload <json>',
      "the payload of every job it submits, a JSON object ('-' reads it from stdin; default {})",
    )
    .option(
      '--timezone <tz>',
      'the IANA time zone a cron expression is read in, e.g. Europe/Paris (default UTC)',
      timezoneName,
    )
    .option('--max-attempts <n>', "attempts each job gets (default: its type's)", wholeNumber(1))
    .addOption(
      new Option(
        '--priority <priority>',
        "the queue each job goes on; a high job never waits behind a default backlog (default: its type's, else default)",
      ).choices(PRIORITIES),
    )
    .addHelpText(
      'after',
      `
Examples:
  sqs-jobs schedules set tick --schedule 'rate(5 minutes)' --type noop
  sqs-jobs schedules set digest --schedule 'cron(0 9 ? * MON-FRI *)' --timezone Europe/Paris \\
    --type email --payload '{"to":"team@example.com"}' --max-attempts 5
  sqs-jobs schedules set alerts --schedule 'rate(1 minute)' --type check --priority high

The API checks the payload against the type's schema now, as each firing's submission will be. Set
again with the same fields, a schedule keeps its next run. A schedule declared in the jobs module
cannot be set here (409 ScheduleDeclared): change it there and deploy.`,
    )
    .action(
      run(async (session: Session, name: string, options: SetOptions) => {
        const payload = await readPayload(options.payload, session.io.stdin);
        const answer = await session.client().schedules.put(name, {
          schedule: options.schedule,
          type: options.type,
          ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
          ...(payload === undefined ? {} : { payload }),
          ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
          ...(options.priority === undefined ? {} : { priority: options.priority }),
        });
        // With --json the API's answer as it gave it: the schedule (created or replaced: 201 or 200).
        session.emit(answer.schedule, () => [schedulePutLine(answer)]);
        return undefined;
      }),
    );
}
