/** A report as plain strings, so each output format only decides layout and escaping. */
export interface ReportDocument {
  readonly title: string;
  readonly facts: readonly (readonly [label: string, value: string])[];
  readonly tables: readonly ReportTable[];
}

export interface ReportTable {
  readonly heading: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every string from the CSV or payload goes through here: a cell must never become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

export function renderHtml(doc: ReportDocument): string {
  const facts = doc.facts.map(
    ([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`,
  );
  const tables = doc.tables.map((table) => {
    const head = table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
    const body = table.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    return [
      `<h2>${escapeHtml(table.heading)}</h2>`,
      `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`,
    ].join('\n');
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
table { border-collapse: collapse; margin-bottom: 2rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
dt { font-weight: bold; float: left; clear: left; width: 8rem; }
</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<dl>${facts.join('')}</dl>
${tables.join('\n')}
</body>
</html>
`;
}

/**
 * Markdown that renders as text only: entities stop inline HTML (most renderers pass it through),
 * backslashes stop emphasis, links and table breaks, and line breaks inside a cell become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>]/g, (ch) => HTML_ESCAPES[ch]!)
    .replace(/[\\`*_[\]|#~!]/g, '\\$&');
}

export function renderMarkdown(doc: ReportDocument): string {
  const lines = [`# ${escapeMarkdown(doc.title)}`, ''];
  for (const [label, value] of doc.facts)
    lines.push(`- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`);
  for (const table of doc.tables) {
    lines.push('', `## ${escapeMarkdown(table.heading)}`, '', markdownRow(table.header));
    lines.push(`|${' --- |'.repeat(table.header.length)}`);
    for (const row of table.rows) lines.push(markdownRow(row));
  }
  return `${lines.join('\n')}\n`;
}

function markdownRow(cells: readonly string[]): string {
  return `| ${cells.map(escapeMarkdown).join(' | ')} |`;
}
