import type { Command } from 'commander';
import { printable } from '../dashboard/sanitize.ts';
import { UsageError } from '../errors.ts';
import type { Run } from '../program.ts';
import { scheduleLines, scheduleTable } from '../render.ts';
import type { Session } from '../session.ts';
import { scheduleSetCommand } from './schedule-set.ts';

/**
 * `sqs-jobs schedules [list] | get <name> | set <name> … | delete <name>`: the recurring schedules
 * (`/schedules`); without a subcommand, the list.
 */
export function schedulesCommand(command: Command, run: Run): void {
  command
    .description(
      'Recurring schedules (/schedules): list (the default), get, set (create or replace), delete; each firing submits one job',
    )
    // Without a subcommand it lists. Not commander's default subcommand: that would answer a typo
    // (`schedules lsit`) with "too many arguments for 'list'" rather than naming the subcommands.
    .argument('[command]')
    .usage('[options] [command]')
    .action(
      run(async (session: Session, unknown: string | undefined) => {
        if (unknown !== undefined)
          throw new UsageError(`unknown command 'schedules ${unknown}'; use list, get, set or delete`);
        return listSchedules(session);
      }),
    )
    .addHelpText(
      'after',
      `
Examples:
  sqs-jobs schedules
  sqs-jobs schedules get cleanup-tmp
  sqs-jobs schedules set digest --schedule 'cron(0 9 ? * MON-FRI *)' --timezone Europe/Paris \\
    --type email --payload '{"to":"team@example.com"}'
  sqs-jobs schedules delete digest

A schedule declared in the jobs module (defineSchedules, "declared: yes") is listed with the others,
but only a deploy changes or removes it: set and delete refuse it (409 ScheduleDeclared).`,
    );
  command
    .command('list')
    .description(
      'List the schedules by name (GET /schedules): schedule, type, priority (when one is not default), declared, next run, last run, last job or error',
    )
    .action(run(listSchedules));
  command
    .command('get')
    .description(
      'Show a schedule (GET /schedules/{name}): its expression, payload, priority, next run and last firing',
    )
    .argument('<name>', 'the schedule name')
    .action(
      run(async (session: Session, name: string) => {
        const schedule = await session.client().schedules.get(name);
        session.emit(schedule, () => scheduleLines(schedule));
        return undefined;
      }),
    );
  scheduleSetCommand(command.command('set'), run);
  command
    .command('delete')
    .description(
      'Delete a schedule made through the API (DELETE /schedules/{name}); the jobs it submitted stay',
    )
    .argument('<name>', 'the schedule name')
    .action(
      run(async (session: Session, name: string) => {
        await session.client().schedules.delete(name);
        // The API answers 204 without a body: --json still prints one document, saying what was done.
        session.emit({ name, deleted: true }, () => [printable(`${name}: deleted`)]);
        return undefined;
      }),
    );
}

/** `schedules` and `schedules list`: with --json the API's answer as it gave it. */
async function listSchedules(session: Session): Promise<undefined> {
  const schedules = await session.client().schedules.list();
  session.emit({ schedules }, () => scheduleTable(schedules));
  return undefined;
}
