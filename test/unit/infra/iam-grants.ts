import type { Template } from 'aws-cdk-lib/assertions';

/**
 * Reads a synthesized template's IAM the way IAM evaluates it: per function, every (action, resource)
 * pair its role allows, written `dynamodb:Query on JobsTable/index/byStatus`. Resources are named by
 * logical id without CDK's hash, so tests read like the stack and not like the template.
 */

export interface PolicyStatement {
  /** Logical id of the resource holding the statement. */
  readonly holder: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** NotAction, NotResource, Condition, …: anything that changes what the pairs above mean. */
  readonly otherKeys: readonly string[];
}

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** `AppWorkerFunctionAB12CD34` → `WorkerFunction`: the construct's prefix and CDK's hash dropped. */
const nameOf = (logicalId: string): string =>
  logicalId.replace(/^App(?=[A-Z])/, '').replace(/[0-9A-F]{8}$/, '');

/** `{ "Fn::Join": ["", [{ "Fn::GetAtt": ["FilesBucket7C17EE2E", "Arn"] }, "/*"]] }` → `FilesBucket/*`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isJson(value)) {
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      return getAtt[1] === 'Arn' ? nameOf(getAtt[0]) : `${nameOf(getAtt[0])}.${String(getAtt[1])}`;
    }
    if (typeof value.Ref === 'string') return nameOf(value.Ref);
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(render).join(join[0]);
    }
  }
  return JSON.stringify(value);
}

function statementsOf(holder: string, document: unknown): PolicyStatement[] {
  if (!isJson(document)) return [];
  return asArray(document.Statement)
    .filter(isJson)
    .map((statement) => ({
      holder,
      effect: String(statement.Effect),
      actions: asArray(statement.Action).map(render),
      resources: asArray(statement.Resource).map(render),
      otherKeys: Object.keys(statement).filter(
        (key) => !['Effect', 'Action', 'Resource', 'Principal', 'Sid'].includes(key),
      ),
    }));
}

function resourcesOf(template: Template): Record<string, Json> {
  return template.toJSON().Resources as Record<string, Json>;
}

/** Identity policies (AWS::IAM::Policy, ManagedPolicy), inline role policies and resource policies. */
function statementsOfResource(logicalId: string, resource: Json): PolicyStatement[] {
  const props = isJson(resource.Properties) ? resource.Properties : {};
  return [
    ...statementsOf(logicalId, props.PolicyDocument),
    ...asArray(props.Policies)
      .filter(isJson)
      .flatMap((policy) => statementsOf(logicalId, policy.PolicyDocument)),
  ];
}

/** Every permission statement in the template (trust policies aside). */
export function allStatements(template: Template): PolicyStatement[] {
  return Object.entries(resourcesOf(template)).flatMap(([id, resource]) =>
    statementsOfResource(id, resource),
  );
}

/** The name of each Lambda function's role, keyed by the function's name (`ApiFunction`). */
function functionRoles(template: Template): Map<string, string> {
  const functions = template.findResources('AWS::Lambda::Function');
  return new Map(
    Object.entries(functions).map(([logicalId, fn]) => [nameOf(logicalId), render(fn.Properties?.Role)]),
  );
}

/**
 * Per function, what its role allows as sorted `action on resource` lines. Managed policies, Deny
 * statements and qualified statements (Condition, NotAction, …) appear as lines of their own, so an
 * exact comparison fails on them instead of passing over them.
 */
export function grantsByFunction(template: Template): Map<string, string[]> {
  const lines = new Map<string, Set<string>>();
  const add = (role: string, newLines: readonly string[]) => {
    const set = lines.get(role) ?? new Set<string>();
    for (const line of newLines) set.add(line);
    lines.set(role, set);
  };
  for (const [logicalId, resource] of Object.entries(resourcesOf(template))) {
    const props = isJson(resource.Properties) ? resource.Properties : {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const statements = statementsOfResource(logicalId, resource).flatMap(linesOf);
      for (const role of asArray(props.Roles)) add(render(role), statements);
    } else if (resource.Type === 'AWS::IAM::Role') {
      add(nameOf(logicalId), statementsOfResource(logicalId, resource).flatMap(linesOf));
      add(
        nameOf(logicalId),
        asArray(props.ManagedPolicyArns).map((arn) => `managed policy ${render(arn)}`),
      );
    }
  }
  return new Map([...functionRoles(template)].map(([fn, role]) => [fn, [...(lines.get(role) ?? [])].sort()]));
}

function linesOf(statement: PolicyStatement): string[] {
  const qualifiers = [
    ...(statement.effect === 'Allow' ? [] : [statement.effect]),
    ...statement.otherKeys.map((key) => `[${key}]`),
  ];
  const prefix = qualifiers.length > 0 ? `${qualifiers.join(' ')} ` : '';
  // A NotAction/NotResource statement has no Action/Resource; it still has to show up.
  const actions = statement.actions.length > 0 ? statement.actions : ['(no Action)'];
  const resources = statement.resources.length > 0 ? statement.resources : ['(no Resource)'];
  return actions.flatMap((action) => resources.map((resource) => `${prefix}${action} on ${resource}`));
}
