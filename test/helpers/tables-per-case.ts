import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { JobsTableRef } from '../../src/adapters/dynamodb/jobs-table.ts';
import { createJobsTable, type Emulators, startEmulators } from './emulators.ts';

/**
 * Starts the emulators for a conformance file and makes `count` empty jobs tables, one per case, so
 * each case's counts and listings see only its own items (dynalite creates tables instantly). The
 * function returned hands out the next table; running out means `count` is too small.
 */
export function tablesPerCase(count: number): () => JobsTableRef {
  let emulators: Emulators;
  const tables: string[] = [];
  beforeAll(async () => {
    emulators = await startEmulators();
    for (let i = 0; i < count; i++) {
      const name = `jobs-${randomUUID()}`;
      await createJobsTable(emulators.endpoints.dynamodb, name);
      tables.push(name);
    }
  });
  afterAll(() => emulators?.stop());
  let next = 0;
  return () => {
    const tableName = tables[next++];
    if (!tableName) throw new Error(`more cases than the ${count} tables made`);
    return { client: emulators.clients.dynamo, tableName, byStatusIndex: 'byStatus' };
  };
}
