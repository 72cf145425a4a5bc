/**
 * One access log line in the stage's own format (its AccessLogSetting.Format): each `$context.…`
 * variable replaced by its value, `-` when it has none, as API Gateway writes them. Values are
 * escaped for a JSON string, since the formats people write (and the stack's) are JSON.
 */
export function accessLogLine(
  format: string,
  context: Readonly<Record<string, string | number | undefined>>,
): string {
  return format.replace(/\$context\.[A-Za-z0-9_.]+/g, (name) => {
    const value = context[name.slice('$context.'.length)];
    return value === undefined || value === '' ? '-' : JSON.stringify(String(value)).slice(1, -1);
  });
}
