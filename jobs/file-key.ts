import { z } from 'zod';

/**
 * A key in the files bucket, in its one spelling: relative, no empty, "." or ".." segment (so no
 * leading, doubled or trailing "/"). S3 would store "a//b" and "a/./b" apart from "a/b", while a
 * file-backed store (the local emulator) maps them to the same file; neither may surprise a job.
 */
export const fileKey = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[\w\-./ ]+$/, 'may hold letters, digits, "_", "-", ".", "/" and spaces only')
  .refine(
    (key) => key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    'must be a relative key in the files bucket with no empty, "." or ".." segment, e.g. "img.png" or "in/data.csv"',
  );
