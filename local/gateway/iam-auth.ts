import type { LocalIdentity } from '../provision/identities.ts';
import { allowsInvoke } from '../template/invoke-policies.ts';
import { type SignedRequest, verifySignature } from './sigv4.ts';

export type IamVerdict =
  | { readonly ok: true; readonly identity: LocalIdentity }
  | {
      readonly ok: false;
      readonly type: 'MISSING_AUTHENTICATION_TOKEN' | 'INVALID_SIGNATURE' | 'EXPIRED_TOKEN';
      readonly reason: string;
    }
  /** A valid signature, so the caller is known (and logged), but its policy does not allow the method. */
  | {
      readonly ok: false;
      readonly type: 'ACCESS_DENIED';
      readonly reason: string;
      readonly identity: LocalIdentity;
    };

/**
 * API Gateway's AWS_IAM authorization, locally: a valid SigV4 signature of one of the runtime's
 * identities (<state-dir>/credentials), whose policy allows execute-api:Invoke on the method ARN
 * `arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>`.
 */
export class IamAuthorizer {
  private readonly byAccessKey: ReadonlyMap<string, LocalIdentity>;

  constructor(
    identities: readonly LocalIdentity[],
    private readonly api: {
      readonly region: string;
      readonly accountId: string;
      readonly apiId: string;
      readonly stage: string;
    },
    private readonly now: () => Date = () => new Date(),
  ) {
    this.byAccessKey = new Map(identities.map((identity) => [identity.accessKeyId, identity]));
  }

  async authorize(request: SignedRequest): Promise<IamVerdict> {
    const verdict = await verifySignature(
      request,
      (accessKeyId) => this.byAccessKey.get(accessKeyId)?.secretAccessKey,
      { region: this.api.region, now: this.now() },
    );
    if (!verdict.ok) return verdict;
    const identity = this.byAccessKey.get(verdict.accessKeyId) as LocalIdentity;
    const methodArn = this.methodArn(request.method, request.url.split('?', 1)[0] as string);
    if (!allowsInvoke(identity.policy.statements, methodArn)) {
      return {
        ok: false,
        type: 'ACCESS_DENIED',
        reason: `${identity.arn} is not authorized to perform execute-api:Invoke on ${methodArn}`,
        identity,
      };
    }
    return { ok: true, identity };
  }

  methodArn(method: string, path: string): string {
    const { region, accountId, apiId, stage } = this.api;
    return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${method.toUpperCase()}${path}`;
  }
}
