import type { IntrinsicContext } from './intrinsics.ts';
import { PropertyReader } from './props.ts';
import type { ResolvedValue, Template } from './types.ts';

/** One statement of an IAM policy, with its actions and resources as lists. */
export interface PolicyStatementModel {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/**
 * A managed policy of the template that grants `execute-api:Invoke` on the served API (the stack's
 * read and admin policies with -c auth=iam). Locally, each becomes an identity to sign requests as.
 */
export interface InvokePolicyModel {
  readonly logicalId: string;
  /**
   * The local identity's name, from the policy's construct and its parent (its CDK path, else its
   * logical id without CDK's hash), without a trailing "Policy", in kebab case:
   * `Stack/App/Api/ReadPolicy/Resource` → `api-read`. It names the profile in <state-dir>/credentials.
   */
  readonly identity: string;
  readonly statements: readonly PolicyStatementModel[];
}

/** The managed policies whose statements mention `execute-api:Invoke` on a resource of the API `apiId`. */
export function readInvokePolicies(
  template: Template,
  ctx: IntrinsicContext,
  apiId: string,
): InvokePolicyModel[] {
  const policies: InvokePolicyModel[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const document = new PropertyReader(logicalId, resource, ctx).resolved('PolicyDocument');
    const statements = statementsOf(document);
    const invokesApi = statements.some(
      (statement) =>
        statement.actions.some((action) => wildcardMatch(action, 'execute-api:Invoke', true)) &&
        statement.resources.some((arn) => arn.includes(`:${apiId}/`)),
    );
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    if (invokesApi)
      policies.push({
        logicalId,
        identity: identityName(logicalId, typeof cdkPath === 'string' ? cdkPath : undefined),
        statements,
      });
  }
  return policies;
}

function statementsOf(document: ResolvedValue | undefined): PolicyStatementModel[] {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return [];
  const raw = (document as { Statement?: ResolvedValue }).Statement;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.flatMap((statement): PolicyStatementModel[] => {
    if (!statement || typeof statement !== 'object' || Array.isArray(statement)) return [];
    const { Effect, Action, Resource } = statement as Record<string, ResolvedValue>;
    if (Effect !== 'Allow' && Effect !== 'Deny') return [];
    return [{ effect: Effect, actions: strings(Action), resources: strings(Resource) }];
  });
}

function strings(value: ResolvedValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function identityName(logicalId: string, cdkPath: string | undefined): string {
  const parts = cdkPath?.split('/').filter((part) => part !== 'Resource' && part !== 'Default');
  const fromPath = parts && parts.length >= 3 ? parts.slice(-2).join('') : undefined;
  const base = (fromPath ?? logicalId.replace(/[0-9A-F]{8}$/, '')).replace(/Policy$/, '') || logicalId;
  return base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/**
 * IAM's string matching: `*` is any run of characters (`/` too), `?` any one character. Actions
 * compare without regard to case, resources with it.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'si' : 's').test(value);
}

/**
 * IAM's verdict for one identity policy set: an explicit Deny wins, else any Allow, else the
 * implicit deny. The API has no resource policy, so the identity's policies alone decide.
 */
export function allowsInvoke(statements: readonly PolicyStatementModel[], methodArn: string): boolean {
  const applies = (statement: PolicyStatementModel) =>
    statement.actions.some((action) => wildcardMatch(action, 'execute-api:Invoke', true)) &&
    statement.resources.some((resource) => wildcardMatch(resource, methodArn));
  if (statements.some((statement) => statement.effect === 'Deny' && applies(statement))) return false;
  return statements.some((statement) => statement.effect === 'Allow' && applies(statement));
}
