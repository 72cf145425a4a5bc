import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  isThrowawayStage,
  LOG_RETENTION_DAYS,
  validateSettings,
} from '../../../src/cdk/settings.ts';
import { synthStack } from './synth.ts';

/** Tables and bucket as `{ Type, DeletionPolicy, UpdateReplacePolicy, DeletionProtectionEnabled }`. */
function dataResources(context: Record<string, string>) {
  const { template } = synthStack({ context });
  return ['AWS::DynamoDB::Table', 'AWS::S3::Bucket'].flatMap((type) =>
    Object.values(template.findResources(type)).map((r) => ({
      type,
      deletionPolicy: r.DeletionPolicy as string,
      updateReplacePolicy: r.UpdateReplacePolicy as string,
      deletionProtection: r.Properties.DeletionProtectionEnabled as boolean | undefined,
    })),
  );
}

describe('stages', () => {
  it.each(['local', 'dev', 'test', 'e2e', 'pr-42', 'pr-fix-login'])('treats %s as throwaway', (stage) => {
    expect(isThrowawayStage(stage)).toBe(true);
  });

  it.each(['prod', 'staging', 'qa', 'pr', 'preview', 'dev2', 'production-eu'])(
    'keeps data on %s',
    (stage) => {
      expect(isThrowawayStage(stage)).toBe(false);
    },
  );

  it.each(['prod', 'staging', 'demo'])('retains and deletion-protects tables and bucket on %s', (stage) => {
    const resources = dataResources({ stage });
    expect(resources).toHaveLength(3);
    for (const r of resources) {
      expect(r.deletionPolicy, r.type).toBe('Retain');
      expect(r.updateReplacePolicy, r.type).toBe('Retain');
    }
    for (const table of resources.filter((r) => r.type === 'AWS::DynamoDB::Table')) {
      expect(table.deletionProtection).toBe(true);
    }
  });

  it.each(['local', 'pr-7'])('lets %s delete its data with the stack', (stage) => {
    const resources = dataResources({ stage });
    expect(resources).toHaveLength(3);
    for (const r of resources) {
      expect(r.deletionPolicy, r.type).toBe('Delete');
      // Deletion protection would make `cdk destroy` of a throwaway stage fail.
      expect(r.deletionProtection, r.type).not.toBe(true);
    }
  });
});

describe('log retention', () => {
  const retentions = (context: Record<string, string> = {}) =>
    Object.values(synthStack({ context }).template.findResources('AWS::Logs::LogGroup')).map(
      (group) => group.Properties.RetentionInDays as number,
    );

  it('keeps every log group (four functions and the API access logs) 30 days by default', () => {
    expect(retentions()).toEqual([30, 30, 30, 30, 30]);
  });

  it('follows the logRetentionDays context', () => {
    expect(retentions({ logRetentionDays: '365' })).toEqual([365, 365, 365, 365, 365]);
  });

  it('accepts every retention CloudWatch accepts', () => {
    for (const days of LOG_RETENTION_DAYS) {
      expect(() => validateSettings({ ...DEFAULT_SETTINGS, logRetentionDays: days })).not.toThrow();
    }
  });

  it.each(['0', '2', '31', '9999', '-1'])('rejects %s days', (days) => {
    expect(() => synthStack({ context: { logRetentionDays: days } })).toThrow(
      /logRetentionDays must be one CloudWatch accepts: 1, 3, 5/,
    );
  });

  it('is reported together with the other bad settings', () => {
    expect(() => synthStack({ context: { logRetentionDays: '45', workerBatchSize: '0' } })).toThrow(
      /workerBatchSize must be 1–10000[\s\S]*logRetentionDays must be one CloudWatch accepts/,
    );
  });

  it('rejects a value that is not a number', () => {
    expect(() => synthStack({ context: { logRetentionDays: 'month' } })).toThrow(/logRetentionDays/);
  });
});
