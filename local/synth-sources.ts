import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Which files shape a CDK app's template, so a cloud assembly older than any of them is synthesized
 * again. The app says so itself in cdk.json's `watch` (the globs `cdk watch` follows, relative to
 * the project root); without one, every file counts, as `cdk watch` has it.
 */
export interface SynthSources {
  /** Globs of the files that count (cdk.json `watch.include`, default `**`). */
  readonly include: readonly string[];
  /** Globs left out; a pattern naming a folder leaves out all it holds (cdk.json `watch.exclude`). */
  readonly exclude: readonly string[];
}

/** These always count: they pin the CDK app and the libraries it runs with. */
const ALWAYS = ['cdk.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'];
/** Never sources: dependencies, version control, dot folders, assemblies and the runtime's state. */
const SKIPPED_DIR = /^(?:node_modules|cdk\.out.*|\..*)$/;

export async function readSynthSources(projectRoot: string): Promise<SynthSources> {
  let watch: unknown;
  try {
    watch = (JSON.parse(await readFile(path.join(projectRoot, 'cdk.json'), 'utf8')) as { watch?: unknown })
      .watch;
  } catch {
    watch = undefined;
  }
  const globs = (key: string): string[] | undefined => {
    const value = (watch as Record<string, unknown> | undefined)?.[key];
    const list = typeof value === 'string' ? [value] : value;
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : undefined;
  };
  return { include: globs('include') ?? ['**'], exclude: globs('exclude') ?? [] };
}

/** The files under projectRoot that shape the template, absolute; `skipDirs` (absolute) are not read. */
export async function listSynthSources(
  projectRoot: string,
  sources: SynthSources,
  skipDirs: readonly string[] = [],
): Promise<string[]> {
  const skipped = new Set(skipDirs.map((dir) => path.resolve(dir)));
  const excluded = (relative: string) =>
    sources.exclude.some(
      (glob) => path.matchesGlob(relative, glob) || path.matchesGlob(relative, `${glob}/**`),
    );
  const files = ALWAYS.map((file) => path.join(projectRoot, file));
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(projectRoot, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIPPED_DIR.test(entry.name) && !skipped.has(full) && !excluded(relative)) await walk(full);
      } else if (
        entry.isFile() &&
        sources.include.some((glob) => path.matchesGlob(relative, glob)) &&
        !excluded(relative)
      ) {
        files.push(full);
      }
    }
  };
  await walk(projectRoot);
  return [...new Set(files)];
}

/** How the startup listing names the sources: "infra/**, src/**", or "the project's files". */
export function describeSynthSources(sources: SynthSources): string {
  return sources.include.length === 1 && sources.include[0] === '**'
    ? "the project's files"
    : sources.include.join(', ');
}
