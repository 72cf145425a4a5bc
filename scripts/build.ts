/**
 * `npm run build` (and `npm pack`'s prepack): the package's compiled tree in dist/. Node does not
 * strip types inside node_modules, so a project that installs sqs-jobs runs this JavaScript and
 * type-checks against these declarations. The tree mirrors the repository's folders (dist/src,
 * dist/functions, dist/local, dist/cli, dist/bench), so paths between them hold in both.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboard } from '../src/cdk/dashboard-build.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** The folders compiled (tsconfig.build.json's `include`); their plain .cjs/.mjs files are copied. */
const COMPILED = ['src', 'functions', 'local', 'cli', 'bench'];

rmSync(dist, { recursive: true, force: true });
execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
for (const folder of COMPILED) {
  for (const file of readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })) {
    // The child processes the runtime forks (emulators, function bootstrap) are plain JavaScript.
    if (/\.(?:cjs|mjs|d\.mts)$/.test(file))
      cpSync(path.join(root, folder, file), path.join(dist, folder, file));
  }
}
// The web page, built once here; the API function's bundling copies it (src/cdk/dashboard-build.ts).
buildDashboard(dist);
console.log(`Built ${path.relative(root, dist)}/`);
