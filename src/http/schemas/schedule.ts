import { z } from 'zod';
import { PRIORITIES } from '../../core/priority.ts';
import type { Schedule } from '../../core/schedule/schedule.ts';
import type { Agree, Assert } from './agree.ts';
import { instant, jsonObject } from './common.ts';

const specFields = {
  schedule: z
    .string()
    .describe(
      'cron(minutes hours day-of-month month day-of-week year) or rate(n minutes|hours|days), as EventBridge writes them',
    ),
  timezone: z
    .string()
    .optional()
    .describe('The IANA time zone a cron expression is read in (UTC when absent)'),
  type: z.string().describe('The job type each firing submits'),
  maxAttempts: z.int().min(1).optional().describe('Attempts each job gets (the type’s default otherwise)'),
  priority: z
    .enum(PRIORITIES)
    .optional()
    .describe('The queue each job goes on (the type’s priority otherwise)'),
};

export const schedule = z
  .object({
    name: z.string(),
    ...specFields,
    payload: jsonObject.describe('The payload of every job it submits'),
    nextRunAt: instant.describe('When it fires next'),
    lastRunAt: instant.optional().describe('The firing time of its last firing'),
    lastJobId: z.string().optional().describe('The job its last firing submitted'),
    lastError: z.string().optional().describe('Why its last firing submitted no job'),
    declared: z.boolean().describe('Declared in the jobs module (defineSchedules): only a deploy changes it'),
    createdAt: instant,
    updatedAt: instant,
  })
  .describe('A recurring schedule: each firing submits one job through POST /jobs’s path');

export const scheduleList = z
  .object({ schedules: z.array(schedule).describe('By name') })
  .describe('Every schedule: GET /schedules');

export type ScheduleAgrees = Assert<Agree<z.infer<typeof schedule>, Schedule>>;
