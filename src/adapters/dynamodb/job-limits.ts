import type { JobLimits } from '../../core/ports.ts';
import { acquireSlot } from './acquire-slot.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { releaseSlot } from './release-slot.ts';
import { renewSlot } from './renew-slot.ts';
import { takeRate } from './take-rate.ts';

/** The JobLimits port on the jobs table: one item per limit (`limit#<name>`), each method a file. */
export function createDynamoJobLimits(table: JobsTableRef): JobLimits {
  return {
    acquire: (name, holder, max, leaseUntil, now) => acquireSlot(table, name, holder, max, leaseUntil, now),
    renew: (name, holder, leaseUntil) => renewSlot(table, name, holder, leaseUntil),
    release: (name, holder) => releaseSlot(table, name, holder),
    takeRate: (name, max, now) => takeRate(table, name, max, now),
  };
}
