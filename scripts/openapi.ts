import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { jobs } from '../jobs/index.ts';
import { DEFAULT_SETTINGS, maxAttemptsLimit } from '../src/cdk/settings.ts';
import { openApiDocument } from '../src/http/openapi.ts';

const USAGE = `Usage: npm run openapi -- [file] [--server <url>]...

Writes the API's OpenAPI 3.1 document (what GET /openapi.json serves) to file (default ./openapi.json).
--server adds a server URL, e.g. the stack's ApiUrl output; repeat it for several.`;

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { server: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length > 1) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const file = path.resolve(positionals[0] ?? 'openapi.json');
  const document = openApiDocument(jobs, {
    maxAttemptsLimit: maxAttemptsLimit(DEFAULT_SETTINGS),
    ...(values.server ? { servers: values.server.map((url) => ({ url })) } : {}),
  });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  const operations = Object.values(document.paths).flatMap((operations) => Object.keys(operations)).length;
  console.log(`Wrote the OpenAPI ${document.openapi} document (${operations} operations) to ${file}`);
}

main();
