import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The package's entries (package.json `exports`), as this repository's sources spell them. */
const PUBLIC_ENTRIES = ['src/index.ts', 'src/cdk/index.ts', 'src/client/index.ts', 'src/producer/index.ts'];

function sourcesOf(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

test('the repository’s app (jobs/, infra/) uses the package only through its public entries', () => {
  const reaching: string[] = [];
  for (const file of [...sourcesOf('jobs'), ...sourcesOf('infra')]) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const [, specifier] of source.matchAll(/\bfrom\s+'(\.[^']+)'/g)) {
      const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier ?? ''));
      const ownApp = target.startsWith(`jobs${path.sep}`) || target.startsWith(`infra${path.sep}`);
      if (!ownApp && !PUBLIC_ENTRIES.includes(target)) reaching.push(`${file} → ${target}`);
    }
  }
  expect(reaching).toEqual([]);
});

test('package.json exports exactly those entries, each with its declarations', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, { types: string; default: string } | string>;
  };
  const compiled = Object.entries(manifest.exports)
    .filter(([entry]) => entry !== './package.json')
    .map(([, target]) => (typeof target === 'string' ? target : target.default));
  expect(compiled.map((target) => target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))).toEqual(
    PUBLIC_ENTRIES,
  );
});
