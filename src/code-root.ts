import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);

/**
 * The root of the tree this file runs from: the repository when its sources run under tsx, or the
 * installed package's `dist/` when the compiled JavaScript runs. The build mirrors the repository's
 * layout (dist/src, dist/functions, dist/local, …), so every path below the root is the same in both.
 */
export const CODE_ROOT = path.resolve(path.dirname(HERE), '..');

/** `.ts` from the sources, `.js` from the compiled package: the extension of the files beside this one. */
export const CODE_EXTENSION = path.extname(HERE);

/** True when running from the sources (this repository), false from the compiled package. */
export const FROM_SOURCES = CODE_EXTENSION === '.ts';

/** A module of this tree by its path without extension (`functions/stats/index`), as a file path. */
export function codeFile(modulePath: string): string {
  return path.join(CODE_ROOT, `${modulePath}${CODE_EXTENSION}`);
}

/**
 * The package's own folder (where its package.json and node_modules are): the repository, or
 * `node_modules/sqs-jobs` in a project that installed it.
 */
export const PACKAGE_ROOT = FROM_SOURCES ? CODE_ROOT : path.dirname(CODE_ROOT);
