import {
  DEFAULT_TARGET_UTILIZATION,
  PRICES_AS_OF,
  PRICES_REGION,
  PRICES_USD,
  provisionedWritePricePerMillion,
  type WritePricing,
} from '../../src/core/cost.ts';
import { type EarlierResults, type Scenario, type ScenarioResult, target } from '../scenario.ts';
import type { Row } from '../suite/table.ts';
import { throughputData } from '../throughput/earlier.ts';
import type { ModeFigures } from '../throughput/run-mode.ts';
import { costOf, perJobRows } from '../throughput/usage.ts';
import type { LatencyData } from './latency.ts';

/** The issue's targets, $ per million jobs. */
export const COST_TARGETS = { single: 7, batch: 3, producer: 3 } as const;

/** What each price in PRICES_USD is per, for the price line. */
const PRICE_UNITS: Readonly<Record<keyof typeof PRICES_USD, string>> = {
  dynamodbWriteRequestUnit: 'DynamoDB write unit /M',
  dynamodbReadRequestUnit: 'DynamoDB read unit /M',
  sqsRequest: 'SQS request /M',
  s3WriteRequest: 'S3 PUT/LIST /M',
  s3ReadRequest: 'S3 GET /M',
  lambdaRequest: 'Lambda invocation /M',
  lambdaGbSecond: 'Lambda GB-s (arm64)',
  apiGatewayRestRequest: 'API Gateway REST call /M',
  dynamodbProvisionedWriteUnitHour: 'DynamoDB provisioned write unit-hour',
};

/**
 * The API function's GB-s per request at the latency scenario's steady load, when it ran: Lambda
 * bills an invocation's duration, and a saturated 2-core machine stretches every one of them with
 * the time spent waiting for a core, which an instance on Lambda, with its own share of CPU, does
 * not wait.
 */
function steadyApiGbSeconds(earlier: EarlierResults): number | undefined {
  const data = earlier.get('latency')?.data as Partial<LatencyData> | undefined;
  const api = data?.functions?.find((fn) => fn.name === 'api');
  return api && api.invocations > 0 ? api.gbSeconds / api.invocations : undefined;
}

/** The mode's figures with the API function's GB-s priced at `perCall` a request. */
function withApiGbSeconds(figures: ModeFigures, perCall: number): ModeFigures {
  return {
    ...figures,
    functions: figures.functions.map((fn) =>
      fn.name === 'api' ? { ...fn, gbSeconds: perCall * fn.invocations } : fn,
    ),
  };
}

/** -c tableCapacity=provisioned at its default target: the other way the jobs table can be billed. */
const PROVISIONED: WritePricing = { capacity: 'provisioned', utilization: DEFAULT_TARGET_UTILIZATION };

/**
 * Throughput's measured usage per job, priced: what a million jobs cost through each way in, at
 * list prices, with the request counts the figure comes from beside it.
 */
export const cost: Scenario = {
  name: 'cost',
  summary: '$ per million jobs at list prices, for single submit, batch submit and the producer',
  // Also reads latency's results when it ran (it comes earlier in the suite), but does not need them.
  after: ['throughput'],
  async run(_options, progress, earlier): Promise<ScenarioResult> {
    progress.phase('pricing throughput’s figures', 1);
    const measured = throughputData(earlier, 'cost').modes;
    const steady = steadyApiGbSeconds(earlier);
    const modes = {
      ...measured,
      single: steady === undefined ? measured.single : withApiGbSeconds(measured.single, steady),
    };
    const all = [modes.single, modes.batch, modes.producer];
    const costs = new Map(all.map((figures) => [figures.mode, costOf(figures)]));
    const items = [
      ...new Set(all.flatMap((figures) => costs.get(figures.mode)?.lines.map((l) => l.item) ?? [])),
    ];
    const money = (figures: ModeFigures, item: string) =>
      `$${(costs.get(figures.mode)?.lines.find((line) => line.item === item)?.perMillionJobsUsd ?? 0).toFixed(2)}`;
    const column = (value: (figures: ModeFigures) => string) =>
      Object.fromEntries(all.map((figures) => [figures.label, value(figures)]));
    const table: Row[] = [
      ...items.map((item) => ({ '$ per million jobs': item, ...column((figures) => money(figures, item)) })),
      {
        '$ per million jobs': 'total',
        ...column((figures) => `$${(costs.get(figures.mode)?.total ?? 0).toFixed(2)}`),
      },
    ];
    const total = (figures: ModeFigures) => costs.get(figures.mode)?.total ?? 0;
    const provisioned = new Map(all.map((figures) => [figures.mode, costOf(figures, PROVISIONED)]));
    const provisionedTotal = (figures: ModeFigures) => provisioned.get(figures.mode)?.total ?? 0;
    const writesLine = (figures: ModeFigures) =>
      provisioned.get(figures.mode)?.lines.find((line) => line.item.startsWith('DynamoDB writes'));
    table.push(
      {
        '$ per million jobs': `DynamoDB writes, provisioned (${DEFAULT_TARGET_UTILIZATION} % used)`,
        ...column((figures) => `$${(writesLine(figures)?.perMillionJobsUsd ?? 0).toFixed(2)}`),
      },
      {
        '$ per million jobs': 'total, provisioned',
        ...column((figures) => `$${provisionedTotal(figures).toFixed(2)}`),
      },
    );
    const targets = [
      target(
        'POST /jobs (single submit), on demand',
        total(modes.single),
        '$/M jobs',
        COST_TARGETS.single,
        false,
      ),
      target(`${modes.batch.label}, on demand`, total(modes.batch), '$/M jobs', COST_TARGETS.batch, false),
      target('producer, on demand', total(modes.producer), '$/M jobs', COST_TARGETS.producer, false),
      target(
        'POST /jobs (single submit), provisioned',
        provisionedTotal(modes.single),
        '$/M jobs',
        COST_TARGETS.single,
        false,
      ),
      target(
        `${modes.batch.label}, provisioned`,
        provisionedTotal(modes.batch),
        '$/M jobs',
        COST_TARGETS.batch,
        false,
      ),
      target(
        'producer, provisioned',
        provisionedTotal(modes.producer),
        '$/M jobs',
        COST_TARGETS.producer,
        false,
      ),
    ];
    return {
      table,
      tables: [{ title: 'Usage per job the prices apply to', rows: perJobRows(all) }],
      notes: [
        `List prices, ${PRICES_REGION}, as of ${PRICES_AS_OF}: ${Object.entries(PRICES_USD)
          .map(([key, usd]) => `${PRICE_UNITS[key as keyof typeof PRICES_USD]} $${usd}`)
          .join(', ')}.`,
        'DynamoDB writes in write units (index writes included); local run time stands in for Lambda duration;',
        "free tiers, storage and data transfer left out. The producer's own compute is the caller's, not counted.",
        steady === undefined
          ? 'Lambda compute: busy time of the throughput run, where 2 cores at saturation make functions wait for a core (AWS would not).'
          : `Lambda compute: POST /jobs's API function at the latency run's steady load (${(steady * 1000).toFixed(2)} mGB-s a request; at saturation ${(((measured.single.functions.find((fn) => fn.name === 'api')?.gbSeconds ?? 0) / Math.max(1, measured.single.functions.find((fn) => fn.name === 'api')?.invocations ?? 1)) * 1000).toFixed(2)}, mostly waiting for one of 2 cores, which a Lambda instance does not share); the worker's from the throughput run's full batches.`,
        `Provisioned: -c tableCapacity=provisioned, auto scaling at ${DEFAULT_TARGET_UTILIZATION} % of the units, ` +
          `$${provisionedWritePricePerMillion().toFixed(3)} per million writes at a steady load (on demand: ` +
          `$${PRICES_USD.dynamodbWriteRequestUnit}); a bursty load pays for idle units, where on demand is cheaper.`,
      ],
      targets,
      data: {
        pricesAsOf: PRICES_AS_OF,
        pricesRegion: PRICES_REGION,
        prices: PRICES_USD,
        perMillionJobs: Object.fromEntries(all.map((figures) => [figures.mode, costs.get(figures.mode)])),
        perMillionJobsProvisioned: Object.fromEntries(
          all.map((figures) => [figures.mode, provisioned.get(figures.mode)]),
        ),
      },
    };
  },
};
