import { STATUS_CODES } from 'node:http';
import type { z } from 'zod';
import type { RequestSigner } from '../../src/client/sign.ts';
import type { HeldBackStats, StatusView } from '../../src/core/stats.ts';
import { ApiStatusError, ApiUnreachableError, UnexpectedResponseError } from './errors.ts';
import { clip } from './format.ts';
import { printable } from './sanitize.ts';
import { firstIssue, snapshotViewSchema, statusViewSchema } from './status-schema.ts';

export interface StatusClientOptions {
  /** The API base URL, stage path included; routes are resolved under it. */
  readonly baseUrl: URL;
  readonly apiKey?: string | undefined;
  /** Signs each request with SigV4 (`--iam`), for a stage deployed with `-c auth=iam`. */
  readonly signer?: RequestSigner | undefined;
  readonly timeoutMs: number;
  readonly fetch?: typeof globalThis.fetch;
}

/** p95 latencies of the last minute before the latest stats snapshot, in milliseconds. */
export interface Latency {
  readonly queueWaitP95Ms: number | null;
  readonly runTimeP95Ms: number | null;
}

/** What the dashboard shows from the latest stats snapshot; each null when the API has none to give. */
export interface SnapshotFigures {
  readonly latency: Latency | null;
  /** Absent from snapshots (and APIs) older than job limits. */
  readonly heldBack: HeldBackStats | null;
}

export const NO_SNAPSHOT_FIGURES: SnapshotFigures = { latency: null, heldBack: null };

/** Reads GET /status and GET /stats, turning every way they can fail into a DashboardError. */
export class StatusClient {
  private readonly base: URL;
  private readonly fetch: typeof globalThis.fetch;

  constructor(private readonly options: StatusClientOptions) {
    this.base = new URL(options.baseUrl);
    // Without the slash, "status" would replace the stage segment (…/prod → …/status).
    if (!this.base.pathname.endsWith('/')) this.base.pathname += '/';
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  readStatus(signal: AbortSignal): Promise<StatusView> {
    return this.getJson('status', statusViewSchema, signal);
  }

  /** The latest snapshot's latencies and holds (none before the first snapshot); throws like readStatus when /stats fails. */
  async readSnapshot(signal: AbortSignal): Promise<SnapshotFigures> {
    const { snapshot } = await this.getJson('stats?hours=1', snapshotViewSchema, signal);
    if (!snapshot) return NO_SNAPSHOT_FIGURES;
    const { queueWaitMs, runTimeMs } = snapshot.lastMinute;
    return {
      latency: { queueWaitP95Ms: queueWaitMs.p95, runTimeP95Ms: runTimeMs.p95 },
      heldBack: snapshot.heldBack ?? null,
    };
  }

  private async getJson<T>(route: string, schema: z.ZodType<T>, signal: AbortSignal): Promise<T> {
    const url = new URL(route, this.base);
    // The header shows the base URL, so messages name the route; none carries userinfo or a query.
    const shown = `GET /${route.split('?')[0]}`;
    let response: Response;
    let text: string;
    try {
      const headers = {
        accept: 'application/json',
        ...(this.options.apiKey ? { 'x-api-key': this.options.apiKey } : {}),
      };
      response = await this.fetch(url, {
        // Signed afresh for each refresh: a signature is dated.
        headers: this.options.signer ? await this.options.signer({ method: 'GET', url, headers }) : headers,
        // A redirect is reported, not followed: following it would send the API key to another host.
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ApiUnreachableError(printable(url.origin), this.unreachableReason(error), { cause: error });
    }
    if (response.status !== 200) {
      throw new ApiStatusError(shown, response.status, this.statusProblem(shown, url, response, text));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      const message = `${shown} answered with something that is not JSON; is --url the sqs-jobs API?`;
      throw new UnexpectedResponseError(shown, message, { cause: error });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      // Most likely an API older or newer than this dashboard, so say which field did not fit.
      const message = `${shown} answered a shape this dashboard does not know (${firstIssue(parsed.error)}); is the API the same sqs-jobs version?`;
      throw new UnexpectedResponseError(shown, message, { cause: parsed.error });
    }
    return parsed.data;
  }

  private unreachableReason(error: unknown): string {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return `no answer within ${this.options.timeoutMs / 1_000}s`;
    }
    // fetch says only "fetch failed"; the socket's error is the cause.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === 'ECONNREFUSED') return 'connection refused (is the API running, on this port?)';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
      return 'the connection was closed before an answer';
    const message = cause instanceof Error ? cause.message : String(cause);
    return printable(typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message);
  }

  private statusProblem(shown: string, url: URL, response: Response, text: string): string {
    const { status } = response;
    const answered = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
    const detail = apiMessage(text);
    const said = detail ? `: ${detail}` : '';
    if (status >= 300 && status < 400) {
      const location = printable(response.headers.get('location') ?? 'another address');
      return `${shown} redirects (${answered}) to ${location}; use that address as --url`;
    }
    if (status === 401 || status === 403) {
      const next = this.options.signer
        ? 'check that your AWS identity may read this API (the stack’s ApiReadPolicyArn)'
        : this.options.apiKey
          ? 'check that SQS_JOBS_API_KEY holds this API’s key'
          : 'this API needs a key: set SQS_JOBS_API_KEY';
      return `${shown} was refused (${answered}${said}); ${next}`;
    }
    if (status === 404) {
      const full = printable(`${url.origin}${url.pathname}`);
      return `${full} does not exist (${answered}); is --url the API base URL, stage path included (…/prod)?`;
    }
    return `${shown} answered ${answered}${said}`;
  }
}

/** The message of an API error body (`{"error":{"code","message"}}`, or API Gateway's `{"message"}`), else the text. */
function apiMessage(text: string): string {
  let message = text;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown }; message?: unknown };
    const error = body?.error;
    if (typeof error?.message === 'string') {
      message = typeof error.code === 'string' ? `${error.message} (${error.code})` : error.message;
    } else if (typeof body?.message === 'string') {
      message = body.message;
    }
  } catch {
    // Not JSON (a proxy's page): the text itself, cut short, says more than nothing.
  }
  return clip(printable(message).replace(/\s+/g, ' ').trim(), 160);
}
