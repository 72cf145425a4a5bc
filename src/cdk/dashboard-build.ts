import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_DIR } from '../../functions/api/dashboard.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Shell commands that build the web dashboard (dashboard/) into `<outputDir>/dashboard`: the client
 * and uPlot bundled by the project's esbuild into app.js, the styles (uPlot's included) into
 * style.css, index.html copied. The API function runs them after bundling its handler
 * (ServiceFunction's `afterBundling`), so the page ships inside the function that serves it and each
 * deploy's page matches its API.
 */
export function dashboardBuildCommands(inputDir: string, outputDir: string): string[] {
  const source = path.join(inputDir, 'dashboard');
  const out = path.join(outputDir, DASHBOARD_DIR);
  const esbuild = [
    path.join(inputDir, 'node_modules', '.bin', 'esbuild'),
    path.join(source, 'client', 'app.ts'),
    path.join(source, 'style.css'),
    '--bundle',
    '--minify',
    '--format=iife',
    '--target=es2022',
    '--charset=utf8',
    '--legal-comments=none',
    '--log-level=warning',
    `--tsconfig=${path.join(source, 'tsconfig.json')}`,
    '--entry-names=[name]',
    `--outdir=${out}`,
  ];
  return [
    ['mkdir', '-p', out].map(quote).join(' '),
    esbuild.map(quote).join(' '),
    ['cp', path.join(source, 'index.html'), path.join(out, 'index.html')].map(quote).join(' '),
  ];
}

/** Runs the same commands into `outputDir` (tests, or serving the page from a plain folder). */
export function buildDashboard(outputDir: string, projectRoot: string = ROOT): string {
  for (const command of dashboardBuildCommands(projectRoot, outputDir)) {
    execFileSync('bash', ['-c', command], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  return path.join(outputDir, DASHBOARD_DIR);
}

/** POSIX shell single quotes: the paths may hold spaces. */
function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}
