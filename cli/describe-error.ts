import { CommanderError } from 'commander';
import { InvalidArgumentError, SqsJobsApiError, WaitTimeoutError } from '../src/client/index.ts';
import { printable } from './dashboard/sanitize.ts';
import { CliError, EXIT, type ExitCode } from './errors.ts';

/** An error as the CLI reports it: one line for people, the same fields for --json. */
export interface Problem {
  readonly code: string;
  /** One line, no trailing period, no escape sequences. */
  readonly message: string;
  readonly exitCode: ExitCode;
  readonly details: Readonly<Record<string, unknown>>;
}

/** How the API was called, for hints that name the flag to change. */
export interface CallSettings {
  readonly apiKeySent: boolean;
  readonly iam: boolean;
}

const AUTH_CODES = new Set([
  'Forbidden',
  'Unauthorized',
  'MissingAuthenticationToken',
  'InvalidSignature',
  'ExpiredToken',
  'AccessDenied',
  'IncompleteSignature',
  'UnrecognizedClient',
]);

export function describeError(error: unknown, settings: CallSettings): Problem {
  if (error instanceof CliError) return problem(error.code, error.message, error.exitCode, error.details);
  if (error instanceof SqsJobsApiError) return describeApiError(error, settings);
  if (error instanceof WaitTimeoutError)
    return problem(error.code, error.message, EXIT.waitTimeout, { unfinished: [error.jobId] });
  if (error instanceof InvalidArgumentError) return problem('InvalidArgument', error.message, EXIT.usage);
  if (error instanceof CommanderError)
    return problem('InvalidArgument', error.message.replace(/^error:\s*/, ''), EXIT.usage);
  if (error instanceof Error && error.name === 'CredentialsProviderError')
    return problem(
      'NoCredentials',
      `no AWS credentials for --iam (${error.message}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      EXIT.usage,
    );
  const message = error instanceof Error ? error.message : String(error);
  return problem('UnexpectedError', `unexpected error: ${message}`, EXIT.unexpected);
}

function describeApiError(error: SqsJobsApiError, settings: CallSettings): Problem {
  const details = {
    ...error.details,
    status: error.status,
    ...(error.requestId ? { requestId: error.requestId } : {}),
  };
  const answered = `${error.status} ${error.code}`;
  const fail = (message: string) => problem(error.code, message, EXIT.api, details);
  if (error.status === 0)
    return fail(`cannot reach ${origin(error.url)} (${networkReason(error.cause, error.url)})`);
  const job = jobRefusal(error);
  if (job) return fail(job);
  if (error.code === 'InvalidResponse')
    return fail(
      `${error.method} ${error.url} answered ${error.status} with something that is not the sqs-jobs API's answer; is --url the API base URL?`,
    );
  if (error.code === 'NotFound' && error.status === 404)
    return fail(
      `${error.method} ${error.url} is not a route of the API (${answered}); is --url the API base URL, stage path included (…/prod)?`,
    );
  if (error.status === 401 || (error.status === 403 && AUTH_CODES.has(error.code)))
    return fail(`${said(error)} (${answered}); ${authHint(error.code, settings)}`);
  return fail(`${said(error)} (${answered})`);
}

function authHint(code: string, settings: CallSettings): string {
  if (settings.iam)
    return 'check the AWS identity --iam signs as (the default credential chain: AWS_PROFILE, …) and its policy';
  if (code === 'MissingAuthenticationToken')
    return 'a stage with auth=iam takes signed requests: add --iam; or check --url';
  if (settings.apiKeySent) return "check that --api-key (or SQS_JOBS_API_KEY) holds this API's key";
  return 'this API needs a key: pass --api-key or set SQS_JOBS_API_KEY (or --iam on a stage with auth=iam)';
}

/** Why the API refused one job, for people: the field at fault, or the types it knows. */
function jobRefusal(refusal: { readonly code: string; readonly details: Readonly<Record<string, unknown>> }) {
  if (refusal.code === 'ValidationError') {
    const issue = firstIssue(refusal.details.issues);
    if (issue) return `${issue}${moreIssues(refusal.details.issues)}`;
  }
  if (refusal.code === 'UnknownJobType' && Array.isArray(refusal.details.knownTypes))
    return `unknown job type "${String(refusal.details.type)}"; known types: ${refusal.details.knownTypes.join(', ')}`;
  return undefined;
}

/** One job of a batch the API refused, in the words a refusal of that job alone gets. */
export function describeRefusal(refusal: {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}): string {
  return jobRefusal(refusal) ?? `${refusal.message.replace(/\.\s*$/, '')} (${refusal.code})`;
}

/** `payload field "to": Invalid email address`, from the API's `details.issues`. */
function firstIssue(issues: unknown): string | undefined {
  if (!Array.isArray(issues)) return undefined;
  const first = issues[0] as { field?: unknown; message?: unknown } | undefined;
  if (typeof first?.field !== 'string' || typeof first.message !== 'string') return undefined;
  const message = first.message;
  if (first.field === 'payload') return `payload: ${message}`;
  if (first.field.startsWith('payload.')) return `payload field "${first.field.slice(8)}": ${message}`;
  if (first.field === 'maxAttempts') return `--max-attempts: ${message}`;
  if (first.field === '(body)') return message;
  return `field "${first.field}": ${message}`;
}

function moreIssues(issues: unknown): string {
  const more = Array.isArray(issues) ? issues.length - 1 : 0;
  return more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
}

/** The API's own words, without the closing period (the status follows in parentheses). */
function said(error: SqsJobsApiError): string {
  return error.message.replace(/\.\s*$/, '');
}

function portOf(url: string): string {
  try {
    return new URL(url).port;
  } catch {
    return '?';
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** fetch says only "fetch failed"; the socket's error, one or two causes down, says why. */
function networkReason(cause: unknown, url: string): string {
  const errors: unknown[] = [];
  for (let at: unknown = cause; at instanceof Error && errors.length < 4; at = at.cause) {
    errors.push(at);
    if (at instanceof AggregateError) errors.push(...at.errors);
  }
  const codes = errors.map((item) => (item as { code?: unknown }).code).filter((c) => typeof c === 'string');
  const has = (...wanted: string[]) => codes.some((code) => wanted.includes(code));
  if (has('ECONNREFUSED')) return 'connection refused';
  if (has('ENOTFOUND', 'EAI_AGAIN')) return 'unknown host';
  if (has('ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT')) return 'timed out connecting';
  if (has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE')) return 'the connection was closed before an answer';
  if (has('EHOSTUNREACH', 'ENETUNREACH')) return 'no route to the host';
  const deepest = errors.at(-1);
  const message = deepest instanceof Error ? deepest.message : String(cause);
  // fetch will not connect to ports like 9 (discard) or 25 (SMTP): the spec's "bad ports".
  if (message === 'bad port') return `fetch refuses to connect to port ${portOf(url)}; use another port`;
  return message;
}

function problem(
  code: string,
  message: string,
  exitCode: Problem['exitCode'],
  details: Readonly<Record<string, unknown>> = {},
): Problem {
  return { code, message: printable(message).replace(/\.\s*$/, ''), exitCode, details };
}
