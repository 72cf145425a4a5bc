import { z } from 'zod';
import { defineJobType } from '../core/registry.ts';
import { isScratchPrefix, SCRATCH_PREFIXES } from './scratch.ts';

/**
 * A key in the files bucket, in its one spelling: relative, no empty, "." or ".." segment (so no
 * leading, doubled or trailing "/"). S3 would store "a//b" and "a/./b" apart from "a/b", while a
 * file-backed store (the local emulator) maps them to the same file; neither may surprise a job.
 */
const fileKey = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[\w\-./ ]+$/, 'may hold letters, digits, "_", "-", ".", "/" and spaces only')
  .refine(
    (key) => key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    'must be a relative key in the files bucket with no empty, "." or ".." segment, e.g. "img.png" or "in/data.csv"',
  );

/**
 * Every job type the system knows, with the payload its handler accepts. The API validates against
 * these; the worker's handlers are typed by them (see handlers.ts).
 */
export const jobSpecs = {
  noop: defineJobType({
    description: 'Does nothing and succeeds. For trying the system and measuring its overhead.',
    schema: z.strictObject({}),
  }),
  sleep: defineJobType({
    description: 'Waits `ms` milliseconds, then succeeds.',
    schema: z.strictObject({ ms: z.number().int().min(0).max(600_000) }),
  }),
  flaky: defineJobType({
    description: 'Fails its first `failTimes` attempts, then succeeds.',
    schema: z.strictObject({ failTimes: z.number().int().min(0).max(24) }),
  }),
  email: defineJobType({
    description: 'Renders an e-mail (RFC 5322) and drops it in the outbox/ folder of the files bucket.',
    schema: z.strictObject({
      to: z.email(),
      subject: z.string().max(998).optional(),
      body: z.string().max(100_000).optional(),
      from: z.email().optional(),
    }),
  }),
  resize: defineJobType({
    description: 'Resizes an image from the files bucket and writes it under resized/.',
    schema: z.strictObject({
      file: fileKey,
      width: z.number().int().min(1).max(4096).optional(),
      height: z.number().int().min(1).max(4096).optional(),
    }),
  }),
  cleanup: defineJobType({
    description: 'Deletes files under a prefix of the files bucket older than a given age.',
    schema: z.strictObject({
      prefix: z
        .string()
        .max(512)
        .refine(isScratchPrefix, {
          message: `must be a folder under ${SCRATCH_PREFIXES.join(' or ')}, the scratch area cleanup may delete from`,
        })
        .optional(),
      olderThanSeconds: z.number().int().min(0).optional(),
    }),
  }),
  data: defineJobType({
    description:
      'Reads a CSV file from the files bucket, computes per-column statistics (optionally grouped).',
    schema: z.strictObject({
      file: fileKey,
      groupBy: z.string().min(1).max(128).optional(),
    }),
  }),
  report: defineJobType({
    description: 'Builds an HTML or Markdown report of a CSV file and writes it under reports/.',
    schema: z.strictObject({
      source: fileKey.optional(),
      title: z.string().max(200).optional(),
      format: z.enum(['html', 'md']).optional(),
    }),
  }),
} as const;

export type JobSpecs = typeof jobSpecs;
export type JobType = keyof JobSpecs;
export const JOB_TYPES = Object.keys(jobSpecs) as JobType[];
