/** How numbers, times and widths read on the dashboard. Pure, so the render tests can pin every case. */

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Whole numbers from 10 up ("14"), two significant digits below ("2.5", "0.5", "0.017"). */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0';
  if (perSecond >= 10) return formatCount(Math.round(perSecond));
  return String(Number(perSecond.toPrecision(2)));
}

/** "just now", "2s ago", "3m ago", "1h ago", "2d ago"; a time ahead of this clock (skew) is "just now". */
export function formatAge(ms: number): string {
  if (Number.isNaN(ms)) return 'at an unknown time';
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}

/** "120 ms", "1.2 s", "2.5 min". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimmed(ms / 1_000)} s`;
  return `${trimmed(ms / 60_000)} min`;
}

/** The wall-clock time in the viewer's zone, HH:MM:SS. */
export function formatClock(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Cut to `width` characters, ending in "…" when cut, so a line never wraps and pushes the screen.
 * Counts code points: wide characters (CJK, emoji) take two cells and may still overflow.
 */
export function clip(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width < 1) return '';
  return `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * Greedy word wrap to `width`, continuation lines indented by two spaces; beyond `maxLines` the rest
 * is cut with "…". For the problem line, which must stay whole enough to act on in a narrow terminal.
 */
export function wrap(text: string, width: number, maxLines = 3): string[] {
  if (textWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && textWidth(`${line} ${word}`) > width) {
      lines.push(line);
      line = `  ${word}`;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  if (lines.length <= maxLines) return lines;
  const rest = lines.slice(maxLines - 1).map((part) => part.trim());
  return [...lines.slice(0, maxLines - 1), clip(`  ${rest.join(' ')}`, width)];
}

export function textWidth(text: string): number {
  return Array.from(text).length;
}

function trimmed(n: number): string {
  return String(Number(n.toFixed(1)));
}
