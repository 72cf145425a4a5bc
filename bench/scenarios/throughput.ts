import { type BenchRuntime, withBenchRuntime } from '../bench-runtime.ts';
import { captureSetup, type FloorSetup } from '../floor/setup.ts';
import { benchProducer } from '../producer-submit.ts';
import { type BenchOptions, type Scenario, type ScenarioResult, target } from '../scenario.ts';
import { postBatches, postJobs } from '../submit.ts';
import { DEFAULTS } from '../suite/cli-options.ts';
import { type ModeFigures, type ModePlan, runMode } from '../throughput/run-mode.ts';
import {
  dynamoWritesPerJob,
  fanInWritesPerParent,
  perJobRows,
  requestsPerJob,
  serviceRequestsPerJob,
} from '../throughput/usage.ts';

/** What the throughput scenario keeps in its JSON, and floor and cost read back. */
export interface ThroughputData {
  readonly modes: {
    readonly single: ModeFigures;
    readonly batch: ModeFigures;
    readonly producer: ModeFigures;
  };
  /** The jobs table, queue and a job item of the POST /jobs run, for the floor to rebuild. */
  readonly setup: FloorSetup;
  readonly concurrency: number;
}

/** The targets: jobs/s through the API, and what one job may cost in requests. */
export const TARGETS = { apiJobsPerSecond: 200, dynamoWritesPerJob: 3, sqsRequestsPerJob: 1.3 } as const;

/**
 * N jobs through each way in, on one runtime, one mode after the other (the counters are read
 * between modes): one POST /jobs each, POST /jobs/batch, and the direct producer.
 */
export const throughput: Scenario = {
  name: 'throughput',
  summary: 'jobs/s, latency and AWS requests per job through POST /jobs, POST /jobs/batch and the producer',
  async run(options, progress): Promise<ScenarioResult> {
    return withBenchRuntime(options, progress, async (bench) => {
      const counts = { jobs: options.jobs, warmup: options.warmup };
      const single = await runMode(bench, singlePlan(bench, options), counts, progress);
      const setup = await captureSetup(bench.runtime, single.sampleJobId);
      const batch = await runMode(bench, batchPlan(bench, options), counts, progress);
      const producer = benchProducer(bench.runtime, options.type);
      let direct: ModeFigures;
      try {
        direct = await runMode(
          bench,
          {
            mode: 'producer',
            label: 'producer',
            submit: (n, onAccepted) => producer.submit(n, options, onAccepted),
            ownRequests: () => producer.requests(),
          },
          counts,
          progress,
        );
      } finally {
        producer.close();
      }
      return report({ modes: { single, batch, producer: direct }, setup, concurrency: options.concurrency });
    });
  },
};

function singlePlan(bench: BenchRuntime, options: BenchOptions): ModePlan {
  return {
    mode: 'single',
    label: 'POST /jobs',
    submit: (n, onAccepted) => postJobs(bench.apiUrl, n, options, onAccepted),
  };
}

/** POST /jobs/batch of --batch jobs (100), or --fan-in's parents and child per request. */
function batchPlan(bench: BenchRuntime, options: BenchOptions): ModePlan {
  const shape =
    options.fanIn !== undefined ? { fanIn: options.fanIn } : { size: options.batch ?? DEFAULTS.batch };
  return {
    mode: 'batch',
    label:
      'fanIn' in shape ? `POST /jobs/batch, fan-ins of ${shape.fanIn}` : `POST /jobs/batch of ${shape.size}`,
    ...('fanIn' in shape ? { fanIn: shape.fanIn } : {}),
    submit: (n, onAccepted) => postBatches(bench.apiUrl, n, shape, options, onAccepted),
  };
}

function report(data: ThroughputData): ScenarioResult {
  const modes = [data.modes.single, data.modes.batch, data.modes.producer];
  const table = modes.map((figures) => {
    const requests = requestsPerJob(figures);
    return {
      mode: figures.label,
      jobs: figures.jobs,
      'accepted jobs/s': figures.acceptedPerSecond,
      'completed jobs/s': figures.completedPerSecond,
      'p50 ms': figures.latencyMs.p50,
      'p95 ms': figures.latencyMs.p95,
      'p99 ms': figures.latencyMs.p99,
      'AWS requests/job': Object.entries(requests)
        .filter(([key]) => !key.endsWith(':items'))
        .reduce((sum, [, n]) => sum + n, 0),
      'Lambda invocations/job': figures.functions.reduce((sum, fn) => sum + fn.invocations, 0) / figures.jobs,
      'GB-s/job': figures.functions.reduce((sum, fn) => sum + fn.gbSeconds, 0) / figures.jobs,
    };
  });
  const single = requestsPerJob(data.modes.single);
  const fanIn = fanInWritesPerParent(data.modes.batch);
  const notes = [
    `${data.concurrency} requests (or producer calls) in flight; latency: the client's send time → the job's finishedAt.`,
    'Jobs/s completed: first submit → last finishedAt. Requests: the functions’, the event-source pollers’ and, for the producer, its own in this process.',
    ...(fanIn === undefined
      ? []
      : [
          `fan-in ${data.modes.batch.fanIn} → 1: ${fanIn.toFixed(3)} DynamoDB writes per parent completion (a plain job: POST /jobs's ${dynamoWritesPerJob(single).toFixed(3)} per job)`,
        ]),
  ];
  return {
    table,
    tables: [{ title: 'Per job, by service and operation (and per function)', rows: perJobRows(modes) }],
    notes,
    targets: [
      target(
        'completed jobs/s through POST /jobs',
        data.modes.single.completedPerSecond,
        'jobs/s',
        TARGETS.apiJobsPerSecond,
        true,
      ),
      target(
        'DynamoDB writes per job, POST /jobs',
        dynamoWritesPerJob(single),
        'writes',
        TARGETS.dynamoWritesPerJob,
        false,
      ),
      target(
        'SQS requests per job, POST /jobs',
        serviceRequestsPerJob(single, 'SQS'),
        'requests',
        TARGETS.sqsRequestsPerJob,
        false,
      ),
    ],
    data: { ...data },
  };
}
