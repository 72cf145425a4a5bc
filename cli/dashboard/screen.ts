/**
 * Where frames go. On a terminal the dashboard owns the screen like `top`: the alternate screen,
 * the cursor hidden, each frame drawn over the last from the top-left, so a resize or a stray line
 * never leaves debris. Piped, each frame is a plain block with no escape codes at all.
 */
export interface Screen {
  /** Columns available; Infinity when nothing wraps (a pipe or a file). */
  width(): number;
  draw(lines: readonly string[]): void;
  /**
   * Gives the terminal back as it was, leaving `final` (else the last frame) on the normal screen so
   * the numbers stay readable after quitting. Idempotent.
   */
  close(final?: readonly string[]): void;
}

const ESC = '\x1b[';
const ENTER_ALTERNATE_SCREEN = `${ESC}?1049h`;
const LEAVE_ALTERNATE_SCREEN = `${ESC}?1049l`;
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const HOME = `${ESC}H`;
const CLEAR_TO_LINE_END = `${ESC}K`;
const CLEAR_BELOW = `${ESC}J`;

export function terminalScreen(stream: NodeJS.WriteStream): Screen {
  let opened = false;
  let closed = false;
  let last: readonly string[] = [];
  return {
    // One column spare: a full-width row leaves the cursor on its last cell, where the erase that
    // follows it would wipe that cell's character.
    width: () => (stream.columns || 80) - 1,
    draw(lines) {
      if (closed) return;
      if (!opened) {
        opened = true;
        stream.write(ENTER_ALTERNATE_SCREEN + HIDE_CURSOR);
      }
      last = lines;
      // No newline after the last row and no more rows than the screen has: either would scroll
      // the screen, and the next frame, drawn from the top, would flicker.
      const shown = stream.rows ? lines.slice(0, stream.rows) : lines;
      stream.write(`${HOME}${shown.join(`${CLEAR_TO_LINE_END}\n`)}${CLEAR_TO_LINE_END}${CLEAR_BELOW}`);
    },
    close(final = last) {
      if (closed) return;
      closed = true;
      if (!opened) return;
      // Synchronous on a TTY, so this also holds when called from process.on('exit').
      stream.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
      if (final.length > 0) stream.write(`${final.join('\n')}\n`);
    },
  };
}

export function plainScreen(stream: NodeJS.WritableStream): Screen {
  let frames = 0;
  return {
    width: () => Number.POSITIVE_INFINITY,
    draw(lines) {
      stream.write(`${frames++ > 0 ? '\n' : ''}${lines.join('\n')}\n`);
    },
    close() {},
  };
}
