/**
 * Log lines and one live status line on the same stream. On a TTY the status line sits at the
 * bottom and redraws in place; elsewhere (CI, a pipe) it is printed as an ordinary line.
 */
export interface Terminal {
  log(line: string): void;
  status(line: string): void;
  /** Leaves the status line on its own row before the final messages. */
  finish(): void;
  readonly interactive: boolean;
}

const CLEAR_LINE = '\r\x1b[2K';

export function createTerminal(stream: NodeJS.WriteStream = process.stdout): Terminal {
  const interactive = stream.isTTY === true;
  let current = '';
  const clip = (line: string) =>
    stream.columns && line.length >= stream.columns ? `${line.slice(0, stream.columns - 2)}…` : line;
  return {
    interactive,
    log(line) {
      if (interactive && current) stream.write(`${CLEAR_LINE}${line}\n${clip(current)}`);
      else stream.write(`${line}\n`);
    },
    status(line) {
      if (interactive) {
        current = line;
        stream.write(`${CLEAR_LINE}${clip(line)}`);
      } else {
        stream.write(`${line}\n`);
      }
    },
    finish() {
      if (interactive && current) stream.write('\n');
      current = '';
    },
  };
}
