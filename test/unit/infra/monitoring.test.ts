import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStack } from './synth.ts';

describe('monitoring', () => {
  it('alarms on dead letters, a queue that does not drain, worker errors and throttles, and API 5xx', () => {
    const { template } = synthStack({ context: { alarmOldestMessageSeconds: '600' } });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) =>
        `${alarm.Properties.Namespace}/${alarm.Properties.MetricName} > ${alarm.Properties.Threshold}`,
    );
    expect(alarms.sort()).toEqual(
      [
        'AWS/SQS/ApproximateNumberOfMessagesVisible > 0',
        // One per priority's queue.
        'AWS/SQS/ApproximateAgeOfOldestMessage > 600',
        'AWS/SQS/ApproximateAgeOfOldestMessage > 600',
        'AWS/SQS/ApproximateAgeOfOldestMessage > 600',
        'AWS/Lambda/Errors > 0',
        'AWS/Lambda/Throttles > 0',
        'AWS/ApiGateway/5XXError > 0',
      ].sort(),
    );
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: Match.stringLikeRegexp('^sqs-jobs-local-[a-z0-9]{8}$'),
    });
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('notifies an e-mail address through a TLS-only SNS topic when one is given', () => {
    const { template } = synthStack({ context: { alarmEmail: 'ops@example.com' } });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('refuses an alarm e-mail that is not an address', () => {
    expect(() => synthStack({ context: { alarmEmail: 'ops' } })).toThrow(/alarmEmail "ops"/);
  });
});
