import {
  BATCH_ITEM_PREFIX,
  KEY_ITEM_PREFIX,
  LIMIT_ITEM_PREFIX,
  SCHEDULE_ITEM_PREFIX,
} from '../../src/adapters/dynamodb/jobs-table.ts';
import type { Item } from './index-writes.ts';

/** A hot key for people: what it is, and why it takes the writes it takes. */
export interface KeyStory {
  readonly label: string;
  readonly why: string;
}

/**
 * An item of the jobs table by its id (and, for a job, the item as last written: a fan-in child or
 * a batch callback reads differently from a plain job).
 */
export function describeJobsItem(id: string, image: Item | undefined): KeyStory {
  if (id.startsWith(LIMIT_ITEM_PREFIX)) {
    const name = id.slice(LIMIT_ITEM_PREFIX.length);
    return name.startsWith('rate:')
      ? {
          label: id,
          why: 'every start is counted in the current second on this one item (ADD, or SET for a new second; a full second refuses, and a refused write still counts)',
        }
      : {
          label: id,
          why: 'every start takes a slot: a GetItem, then an UpdateItem conditional on the holders map having room (racing deliveries each take a free slot at once; the ones that find it full are refused, a billed write each, read again and are held back); every end frees its slot, one more',
        };
  }
  if (id.startsWith(BATCH_ITEM_PREFIX)) return { label: 'a batch item', why: 'written once per batch' };
  if (id.startsWith(KEY_ITEM_PREFIX)) return { label: 'an idempotency key', why: 'taken and freed per job' };
  if (id.startsWith(SCHEDULE_ITEM_PREFIX)) return { label: id, why: 'advanced once per firing' };
  const dependsOn = Array.isArray(image?.dependsOn) ? image.dependsOn.length : 0;
  const type = typeof image?.type === 'string' ? image.type : 'job';
  if (typeof image?.onCompleteOf === 'string')
    return {
      label: `a batch's onComplete job (${type}, ${dependsOn} members)`,
      why: 'each member that ends records its outcome on it (resolveDependency), then it is released, claimed and completed',
    };
  if (dependsOn > 0)
    return {
      label: `a fan-in child (${type}, dependsOn ${dependsOn})`,
      why: 'each parent that ends records its outcome on it (resolveDependency), then it is released, claimed and completed',
    };
  return {
    label: `a job (${type})`,
    why: 'its own put, claim and complete (a kept dependency also takes keep and unkeep; a held one a hold per try)',
  };
}

/** An item of the stats table by its key. */
export function describeStatsItem(pk: string, sk: string): KeyStory {
  if (pk === 'snapshot')
    return {
      label: 'stats snapshot (latest)',
      why: 'overwritten once per stats run (each minute), whatever the job rate: per 1,000 jobs, the minutes they take',
    };
  if (pk === 'holds')
    return {
      label: `stats holds (${sk.slice(sk.indexOf('#') + 1)}, one minute)`,
      why: 'one ADD per delivery a limit held back: every hold of a type within a minute lands on one item',
    };
  return { label: `stats ${pk} ${sk}`, why: 'written once per stats run' };
}

/** A partition of the stats table (items of one `pk`). */
export function describeStatsPartition(pk: string, statsRuns: number): KeyStory {
  if (pk === 'holds')
    return {
      label: 'stats partition pk=holds',
      why: 'every hold count of every type and minute shares the stats table partition `holds`',
    };
  return { label: `stats partition pk=${pk}`, why: `written once per stats run (${runs(statsRuns)})` };
}

/** A partition of one of the jobs table's indexes, `<index> <attribute>=<value>`. */
export function describeIndexPartition(name: string): KeyStory {
  const [index = '', partition = ''] = name.split(' ');
  if (index === 'byStatus') {
    const status = partition.slice('status='.length);
    return {
      label: name,
      why: `one index write per job entering ${status} and one per job leaving it: the status is the index's partition key, so every ${status} job shares it`,
    };
  }
  if (partition === 'scheduledKey=scheduled')
    return {
      label: name,
      why: 'one index write per scheduled job when stored, one when promoted (its scheduledKey removed): every scheduled job shares the partition',
    };
  if (partition === 'scheduledKey=batches')
    return { label: name, why: 'one index write per batch (the newest-batches listing)' };
  return {
    label: name,
    why: 'one index write per item entering or leaving it, or changing what it projects',
  };
}

function runs(n: number): string {
  return `${n} run${n === 1 ? '' : 's'}`;
}
