import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe("what the client brings into a caller's bundle", () => {
  it('a web app typed with `import type { jobs }` bundles no zod, schema or handler, and no signer until it signs', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'test/fixtures/client/web-app.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      outdir: path.join(root, 'out'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.values(result.metafile.outputs);
    const entry = outputs.find((o) => o.entryPoint?.endsWith('web-app.ts'));
    const everything = outputs.flatMap((o) => Object.keys(o.inputs));
    const atStart = Object.keys(entry?.inputs ?? {});

    expect(atStart).toContain('src/client/client.ts');
    expect(everything.filter((input) => input.includes('node_modules/zod/'))).toEqual([]);
    expect(everything).not.toContain('test/fixtures/client/jobs.ts');
    expect(
      everything.filter((input) => input.startsWith('src/') && !input.startsWith('src/client/')),
    ).toEqual(['src/core/status.ts']);
    // The SigV4 signer (and node:crypto under it) sits in a chunk loaded only with credentials.
    expect(atStart.filter((input) => input.includes('@smithy/'))).toEqual([]);
    expect(everything.some((input) => input.includes('@smithy/signature-v4'))).toBe(true);
  });
});
