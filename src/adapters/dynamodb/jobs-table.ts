import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where the jobs live: every storage operation takes this and nothing else. */
export interface JobsTableRef {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly byStatusIndex: string;
}

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
