import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../../cli/project-root.ts';
import { describeSynthSources, listSynthSources, readSynthSources } from '../../../local/synth-sources.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  root = mkdtempSync(path.join(tmpdir(), 'synth-sources-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const relative = (files: string[]) => files.map((file) => path.relative(root, file)).sort();

describe("a CDK app's synth sources (what makes cdk.out stale)", () => {
  it("are the files cdk.json's watch names, minus its excludes, plus cdk.json and the lock files", async () => {
    const dir = project({
      'cdk.json': JSON.stringify({
        app: 'npx tsx bin/app.ts',
        watch: { include: ['**'], exclude: ['test', '**/*.d.ts'] },
      }),
      'bin/app.ts': '',
      'lib/stack.ts': '',
      'lib/stack.d.ts': '',
      'test/stack.test.ts': '',
      'node_modules/x/index.js': '',
      'cdk.out/manifest.json': '',
      '.local/state': '',
    });
    const sources = await readSynthSources(dir);
    expect(relative(await listSynthSources(dir, sources))).toEqual(
      ['bin/app.ts', 'cdk.json', 'lib/stack.ts', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'].sort(),
    );
    expect(describeSynthSources(sources)).toBe("the project's files");
  });

  it('follow the include globs of this repository (infra/**, src/**, …), and the whole project without watch', async () => {
    const dir = project({
      'cdk.json': JSON.stringify({ watch: { include: ['infra/**'] } }),
      'infra/app.ts': '',
      'README.md': '',
    });
    const sources = await readSynthSources(dir);
    expect(relative(await listSynthSources(dir, sources))).toContain('infra/app.ts');
    expect(relative(await listSynthSources(dir, sources))).not.toContain('README.md');
    expect(describeSynthSources(sources)).toBe('infra/**');
    writeFileSync(path.join(dir, 'cdk.json'), '{"app":"x"}');
    expect(relative(await listSynthSources(dir, await readSynthSources(dir)))).toContain('README.md');
  });

  it('sqs-jobs dev finds the project root as the nearest cdk.json from the current folder up', () => {
    const dir = project({ 'cdk.json': '{}', 'lib/deep/x.ts': '' });
    expect(findProjectRoot(path.join(dir, 'lib', 'deep'))).toBe(dir);
    expect(findProjectRoot(dir)).toBe(dir);
    expect(findProjectRoot('/')).toBeUndefined();
  });
});
