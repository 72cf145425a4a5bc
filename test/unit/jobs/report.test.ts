import { describe, expect, it } from 'vitest';
import { report } from '../../../jobs/report.ts';
import { PermanentJobError } from '../../../src/core/errors.ts';
import { jobContext } from '../../helpers/job-context.ts';

const CSV = 'product,units\n"<script>alert(1)</script>",3\n"Tom & Jerry | *bold*",4\n';

async function run(payload: Parameters<typeof report.handler>[0]) {
  const context = jobContext({ jobId: 'job-r' });
  await context.files.put('data/sales.csv', CSV);
  const result = await report.handler(payload, context);
  const key = (result as { key: string }).key;
  return { result, text: new TextDecoder().decode(await context.files.get(key)), context, key };
}

describe('report', () => {
  it('writes an HTML report of data/sales.csv by default, with column statistics', async () => {
    const { result, text, context } = await run({});
    expect(result).toEqual({
      key: 'reports/job-r.html',
      format: 'html',
      rows: 2,
      bytes: Buffer.byteLength(text),
    });
    expect(context.files.stat('reports/job-r.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('<title>Report: data/sales.csv</title>');
    // units: count 2, min 3, max 4, sum 7, mean 3.5
    expect(text).toContain(
      '<td>units</td><td>number</td><td>2</td><td>0</td><td>3</td><td>4</td><td>7</td><td>3.5</td>',
    );
  });

  it('escapes every cell and the title in HTML', async () => {
    const { text } = await run({ title: 'Sales <b>"Q1"</b>' });
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<b>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('Tom &amp; Jerry');
    expect(text).toContain('<h1>Sales &lt;b&gt;&quot;Q1&quot;&lt;/b&gt;</h1>');
  });

  it('writes Markdown with cells that cannot break the table or inject HTML', async () => {
    const { result, text, key } = await run({ format: 'md', title: 'Q1 sales' });
    expect(key).toBe('reports/job-r.md');
    expect(result).toMatchObject({ format: 'md', rows: 2 });
    expect(text.startsWith('# Q1 sales\n')).toBe(true);
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('Tom &amp; Jerry \\| \\*bold\\*');
    // The preview table keeps two columns on every row: no cell's "|" splits it.
    const preview = text.slice(text.indexOf('| product | units |')).trim().split('\n');
    expect(preview).toHaveLength(4);
    for (const line of preview) expect(line.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(3);
  });

  it('fails permanently when the source is missing', async () => {
    await expect(report.handler({ source: 'data/none.csv' }, jobContext())).rejects.toBeInstanceOf(
      PermanentJobError,
    );
  });
});
