import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../src/code-root.ts';
import { SynthError } from './errors.ts';
import { describeSynthSources, listSynthSources, readSynthSources } from './synth-sources.ts';

const run = promisify(execFile);

/** How long to wait for another CDK CLI that holds the cdk.out lock. */
const LOCK_WAIT_MS = 120_000;

export interface SynthOptions {
  readonly projectRoot: string;
  /** A cloud assembly to use as it is (tests hand one in). */
  readonly cdkOut?: string;
  /** CDK context (`-c key=value`); with any, the assembly goes to its own folder under stateDir. */
  readonly context?: Readonly<Record<string, string>>;
  readonly stateDir: string;
  readonly log?: (line: string) => void;
}

export interface AssemblyLocation {
  readonly dir: string;
  /** Why this assembly: said at startup so a stale template is never a surprise. */
  readonly how: 'given' | 'reused' | 'synthesized';
  /** For a reused one: what it is newer than (cdk.json's `watch.include`, e.g. "infra/**, src/**"). */
  readonly newerThan?: string;
  readonly synthMs: number;
}

export async function locateCloudAssembly(options: SynthOptions): Promise<AssemblyLocation> {
  if (options.cdkOut) return { dir: path.resolve(options.cdkOut), how: 'given', synthMs: 0 };
  const context = Object.entries(options.context ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (context.length > 0) {
    // Keep cdk.out the plain synth: a run with overrides must not leave them behind for the next plain run.
    const hash = createHash('sha256').update(JSON.stringify(context)).digest('hex').slice(0, 12);
    const dir = path.join(options.stateDir, `cdk.out-${hash}`);
    return {
      dir,
      how: 'synthesized',
      synthMs: await synthesize(options.projectRoot, dir, context, options.log),
    };
  }
  const dir = path.join(options.projectRoot, 'cdk.out');
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (true) {
    if (await isFresh(options.projectRoot, dir, [options.stateDir])) {
      const newerThan = describeSynthSources(await readSynthSources(options.projectRoot));
      return { dir, how: 'reused', synthMs: 0, newerThan };
    }
    try {
      return {
        dir,
        how: 'synthesized',
        synthMs: await synthesize(options.projectRoot, dir, [], options.log),
      };
    } catch (error) {
      // Another `cdk synth` (a test run, a second terminal) holds cdk.out: wait for it, then reuse its result.
      if (!(error instanceof SynthError && /currently synthing/.test(error.message)) || Date.now() > deadline)
        throw error;
      options.log?.('Another cdk synth is writing cdk.out; waiting for it …');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

/** Runs the project's pinned CDK CLI (else this package's); returns how long it took. */
export async function synthesize(
  projectRoot: string,
  outDir: string,
  context: readonly (readonly [string, string])[] = [],
  log?: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  log?.(`Synthesizing the stack into ${path.relative(projectRoot, outDir) || outDir} …`);
  const bins = await binDirs(projectRoot);
  const args = [
    'synth',
    '--quiet',
    '-o',
    outDir,
    ...context.flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  try {
    await run(await cdkCli(bins), args, {
      cwd: projectRoot,
      // The CDK app runs under `tsx` via /usr/bin/env node: put this Node and the project's bins first.
      env: {
        ...process.env,
        PATH: [...bins, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const output = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : '';
    throw new SynthError(`cdk synth failed:\n${output.trim() || String(error)}`, { cause: error });
  }
  return performance.now() - started;
}

/**
 * True when the assembly's manifest is newer than every source that shapes the template: the files
 * cdk.json's `watch` names (see synth-sources.ts), the lock files and cdk.json itself.
 */
export async function isFresh(
  projectRoot: string,
  assemblyDir: string,
  skipDirs: readonly string[] = [],
): Promise<boolean> {
  const manifest = await mtime(path.join(assemblyDir, 'manifest.json'));
  if (manifest === undefined) return false;
  const sources = await readSynthSources(projectRoot);
  for (const file of await listSynthSources(projectRoot, sources, skipDirs)) {
    const modified = await mtime(file);
    if (modified !== undefined && modified >= manifest) return false;
  }
  return true;
}

/**
 * Where the CDK CLI and the app's runner (tsx, ts-node) are looked for, nearest first: the project's
 * node_modules/.bin and its parents' (a workspace), then this package's own.
 */
async function binDirs(projectRoot: string): Promise<string[]> {
  const dirs: string[] = [];
  for (let dir = path.resolve(projectRoot); ; dir = path.dirname(dir)) {
    dirs.push(path.join(dir, 'node_modules', '.bin'));
    if (path.dirname(dir) === dir) break;
  }
  const own = path.join(PACKAGE_ROOT, 'node_modules', '.bin');
  return dirs.includes(own) ? dirs : [...dirs, own];
}

async function cdkCli(bins: readonly string[]): Promise<string> {
  for (const bin of bins) {
    const cdk = path.join(bin, 'cdk');
    const found = await access(cdk).then(
      () => true,
      () => false,
    );
    if (found) return cdk;
  }
  throw new SynthError('No CDK CLI found: install it in the project (npm install --save-dev aws-cdk).');
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}
