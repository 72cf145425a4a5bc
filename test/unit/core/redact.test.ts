import { describe, expect, it } from 'vitest';
import { toJobError } from '../../../src/core/job.ts';

describe("a job's error, as stored and returned by the API", () => {
  it('does not carry the account id, role names or access key ids from an AWS error message', () => {
    const error = new Error(
      'User: arn:aws:sts::123456789012:assumed-role/sqs-jobs-prod-WorkerRole/sqs-jobs-prod-Worker is not ' +
        'authorized to perform: s3:GetObject on resource: "arn:aws:s3:::sqs-jobs-prod-files/in/img.png" ' +
        'because no identity-based policy allows it (key ASIAZZZZZZZZZZZZZZZZ, account 123456789012)',
    );
    const { message } = toJobError(error);
    expect(message).not.toMatch(/123456789012|WorkerRole|ASIA|sqs-jobs-prod/);
    expect(message).toBe(
      'User: arn:aws:sts:(redacted) is not authorized to perform: s3:GetObject on resource: ' +
        '"arn:aws:s3:(redacted)" because no identity-based policy allows it (key (redacted key id), account (redacted account))',
    );
  });

  it('leaves ordinary messages alone', () => {
    expect(toJobError(new Error('resize: width must be at most 4096 (got 5000)')).message).toBe(
      'resize: width must be at most 4096 (got 5000)',
    );
  });
});
