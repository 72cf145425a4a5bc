import { createMemoryJobLimits } from '../../../src/adapters/memory/job-limits.ts';
import { jobLimitsConformance } from '../../helpers/job-limits-conformance.ts';

jobLimitsConformance('in-memory', async () => createMemoryJobLimits());
