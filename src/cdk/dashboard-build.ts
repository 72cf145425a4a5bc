import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARD_DIR } from '../../functions/api/dashboard.ts';
import { CODE_ROOT } from '../code-root.ts';

/**
 * The web page's folder in this tree: its sources (client/app.ts, style.css, index.html) in the
 * repository, the page already built (app.js, style.css, index.html) in the compiled package.
 */
const DASHBOARD = path.join(CODE_ROOT, 'dashboard');

/**
 * Shell commands that put the web dashboard into `<outputDir>/dashboard`. The API function runs them
 * after bundling its handler (ServiceFunction's `afterBundling`), so the page ships inside the
 * function that serves it and each deploy's page matches its API. From the sources they build it:
 * the client and uPlot bundled by esbuild into app.js, the styles (uPlot's included) into style.css,
 * index.html copied. The package holds the page built at pack time, and they copy it.
 */
export function dashboardBuildCommands(_inputDir: string, outputDir: string): string[] {
  const out = path.join(outputDir, DASHBOARD_DIR);
  const mkdir = ['mkdir', '-p', out].map(quote).join(' ');
  if (!existsSync(path.join(DASHBOARD, 'client', 'app.ts')))
    // `<dir>/.`: the folder's contents into `out` (path.join would drop the `.`, nesting the folder).
    return [mkdir, `cp -R ${quote(DASHBOARD)}/. ${quote(out)}`];
  const esbuild = [
    path.join(CODE_ROOT, 'node_modules', '.bin', 'esbuild'),
    path.join(DASHBOARD, 'client', 'app.ts'),
    path.join(DASHBOARD, 'style.css'),
    '--bundle',
    '--minify',
    '--format=iife',
    '--target=es2022',
    '--charset=utf8',
    '--legal-comments=none',
    '--log-level=warning',
    `--tsconfig=${path.join(DASHBOARD, 'tsconfig.json')}`,
    '--entry-names=[name]',
    `--outdir=${out}`,
  ];
  return [
    mkdir,
    esbuild.map(quote).join(' '),
    ['cp', path.join(DASHBOARD, 'index.html'), path.join(out, 'index.html')].map(quote).join(' '),
  ];
}

/** Runs the same commands into `outputDir` (tests, the package build); returns the page's folder. */
export function buildDashboard(outputDir: string): string {
  for (const command of dashboardBuildCommands(CODE_ROOT, outputDir)) {
    execFileSync('bash', ['-c', command], { cwd: CODE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  return path.join(outputDir, DASHBOARD_DIR);
}

/** POSIX shell single quotes: the paths may hold spaces. */
function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}
