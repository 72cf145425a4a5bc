import type { TargetCheck } from '../scenario.ts';
import type { Outcome } from './outcome.ts';
import { formatNumber, formatTable } from './table.ts';

/** `✓ name: 231 jobs/s (target ≥ 200)` */
export function targetLine(check: TargetCheck): string {
  return `  ${check.met ? '✓' : '✗'} ${check.name}: ${formatNumber(check.measured)} ${check.unit} (target ${check.target} ${check.unit})`;
}

/** A scenario's part of the report: heading, tables, notes, targets; or why it did not run. */
export function scenarioReport(
  scenario: { readonly name: string; readonly summary: string },
  outcome: Outcome,
  neededBy?: readonly string[],
): string[] {
  const needed = neededBy ? ` (run for ${neededBy.join(', ')})` : '';
  const heading = `━━ ${scenario.name} — ${scenario.summary}${needed}`;
  if (outcome.status === 'failed') return [heading, `  ✗ failed: ${outcome.error.message}`, ''];
  const { result } = outcome;
  if (outcome.status === 'skipped') return [heading, `  skipped: ${result.skipped}`, ''];
  const lines = [heading, ...formatTable(result.table)];
  for (const extra of result.tables ?? []) lines.push('', `  ${extra.title}`, ...formatTable(extra.rows));
  if (result.notes && result.notes.length > 0) lines.push('', ...result.notes.map((note) => `  ${note}`));
  if (result.targets && result.targets.length > 0) lines.push('', ...result.targets.map(targetLine));
  lines.push('');
  return lines;
}

/** The run's last lines: every target, and which scenarios failed or were skipped. */
export function suiteFooter(
  entries: ReadonlyArray<{ readonly name: string; readonly outcome: Outcome }>,
): string[] {
  const lines = ['━━ summary'];
  for (const { name, outcome } of entries) {
    if (outcome.status === 'failed')
      lines.push(`  ✗ ${name} failed: ${outcome.error.message.split('\n')[0]}`);
    else if (outcome.status === 'skipped') lines.push(`  - ${name} skipped: ${outcome.result.skipped}`);
    else {
      const targets = outcome.result.targets ?? [];
      const met = targets.filter((check) => check.met).length;
      if (targets.length === 0) lines.push(`  ✓ ${name}: ran (no targets)`);
      else
        lines.push(`  ${met === targets.length ? '✓' : '✗'} ${name}: ${met}/${targets.length} targets met`);
    }
  }
  return lines;
}
