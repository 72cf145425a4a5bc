/**
 * What AWS error messages carry that the job's caller must not read: the account id and role names
 * inside ARNs ("User: arn:aws:sts::123456789012:assumed-role/sqs-jobs-prod-WorkerRole/… is not
 * authorized…"), and access key ids. A job's error is stored with the job and returned by the API
 * to whoever holds a key; the worker's own log keeps the raw text for operators.
 */
const ARN = /\barn:aws[a-z-]*:([a-z0-9-]*):[a-z0-9-]*:(\d{12})?:[^\s"'`,;)]*/gi;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g;
const ACCOUNT_ID = /\b\d{12}\b/g;

export function redactAwsIdentifiers(text: string): string {
  return text
    .replace(ARN, (_, service: string) => `arn:aws:${service}:(redacted)`)
    .replace(ACCESS_KEY_ID, '(redacted key id)')
    .replace(ACCOUNT_ID, '(redacted account)');
}
