import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder, from `start` up, that holds a cdk.json: the CDK app's root, as `cdk` finds it. */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'cdk.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
