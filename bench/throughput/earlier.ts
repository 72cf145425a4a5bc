import type { EarlierResults } from '../scenario.ts';
import type { ThroughputData } from '../scenarios/throughput.ts';

/**
 * Throughput's result for a scenario that reads it (the suite ran throughput first); an error that
 * says so when throughput failed or was skipped.
 */
export function throughputData(earlier: EarlierResults, reader: string): ThroughputData {
  const result = earlier.get('throughput');
  const data = result?.data as Partial<ThroughputData> | undefined;
  if (!result || result.skipped !== undefined || !data?.modes?.single || !data.setup)
    throw new Error(
      `${reader} reads throughput's results, and throughput did not run to the end in this suite.`,
    );
  return data as ThroughputData;
}
