import { describe, expect, it } from 'vitest';
import { shortName, uniqueShortNames } from '../../../local/template/physical.ts';

describe('function short names (log files, the banner)', () => {
  it('come from the CDK path when the template records it, else from the logical id', () => {
    expect(shortName('AppWorkerFunction425769DD', 'SqsJobs/App/WorkerFunction/Function/Resource')).toBe(
      'worker',
    );
    expect(shortName('WorkerFunctionCD54EDF9')).toBe('worker');
    expect(shortName('MyHandler12345678', 'Stack/Thumbnails/Resource')).toBe('thumbnails');
  });

  it('are told apart by their construct when two SqsJobs in one app both have a worker', () => {
    const named = uniqueShortNames([
      { shortName: 'worker', cdkPath: 'Stack/Mail/WorkerFunction/Function/Resource' },
      { shortName: 'worker', cdkPath: 'Stack/Media/WorkerFunction/Function/Resource' },
      { shortName: 'stats', cdkPath: 'Stack/Mail/StatsFunction/Function/Resource' },
    ]);
    expect(named.map((fn) => fn.shortName)).toEqual(['mail-worker', 'media-worker', 'stats']);
  });
});
