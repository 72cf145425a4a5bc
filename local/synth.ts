import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { SynthError } from './errors.ts';

const run = promisify(execFile);

/** What decides the template: a cloud assembly older than any of these is stale. */
const SOURCE_DIRS = ['infra', 'functions', 'src', 'dashboard'];
const SOURCE_FILES = ['package-lock.json', 'cdk.json'];
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
    if (await isFresh(options.projectRoot, dir)) return { dir, how: 'reused', synthMs: 0 };
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

/** Runs the project's pinned CDK CLI; returns how long it took. */
export async function synthesize(
  projectRoot: string,
  outDir: string,
  context: readonly (readonly [string, string])[] = [],
  log?: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  log?.(`Synthesizing the stack into ${path.relative(projectRoot, outDir) || outDir} …`);
  const bin = path.join(projectRoot, 'node_modules', '.bin');
  const args = [
    'synth',
    '--quiet',
    '-o',
    outDir,
    ...context.flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  try {
    await run(path.join(bin, 'cdk'), args, {
      cwd: projectRoot,
      // The CDK app runs under `tsx` via /usr/bin/env node: put this Node and the project's bins first.
      env: {
        ...process.env,
        PATH: [bin, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const output = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : '';
    throw new SynthError(`cdk synth failed:\n${output.trim() || String(error)}`, { cause: error });
  }
  return performance.now() - started;
}

/** True when the assembly's manifest is newer than every source that shapes the template. */
export async function isFresh(projectRoot: string, assemblyDir: string): Promise<boolean> {
  const manifest = await mtime(path.join(assemblyDir, 'manifest.json'));
  if (manifest === undefined) return false;
  const files = SOURCE_FILES.map((file) => path.join(projectRoot, file));
  for (const dir of SOURCE_DIRS) files.push(...(await listFiles(path.join(projectRoot, dir))));
  for (const file of files) {
    const modified = await mtime(file);
    if (modified !== undefined && modified >= manifest) return false;
  }
  return true;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}
