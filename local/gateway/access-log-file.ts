import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { lineFile } from '../line-file.ts';
import { accessLogLine } from './access-log.ts';

/**
 * The stage's access log, locally: one line per request in the template's format, appended to
 * <stateDir>/logs/access.log (on AWS the same lines go to the stage's CloudWatch log group).
 */
export function openAccessLog(
  stateDir: string,
  format: string,
): {
  readonly file: string;
  readonly write: (context: Readonly<Record<string, string | number | undefined>>) => void;
  readonly close: () => Promise<void>;
} {
  const dir = path.join(stateDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'access.log');
  const lines = lineFile(file);
  return {
    file,
    write: (context) => lines.append(accessLogLine(format, context)),
    close: () => lines.close(),
  };
}
