import { TemplateError } from '../errors.ts';
import {
  isTemplateObject,
  type ResolvedValue,
  type TemplateObject,
  type TemplateParameter,
  type TemplateValue,
} from './types.ts';

export interface PseudoParameters {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

/** What `Ref` and `Fn::GetAtt` of a resource give: supplied by whoever knows the local resources. */
export interface ResourceResolver {
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

export interface IntrinsicContext {
  readonly pseudo: PseudoParameters;
  readonly resources: ResourceResolver;
  readonly parameters?: Readonly<Record<string, TemplateParameter>>;
}

type Intrinsic = (args: TemplateValue, ctx: IntrinsicContext, where: string) => ResolvedValue;

const INTRINSICS: Readonly<Record<string, Intrinsic>> = {
  Ref: (args, ctx, where) => ref(expectString(args, 'Ref', where), ctx, where),
  'Fn::GetAtt': getAtt,
  'Fn::Join': join,
  'Fn::Sub': sub,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::Base64': (args, ctx, where) =>
    Buffer.from(resolveString(args, ctx, `${where}/Fn::Base64`)).toString('base64'),
};

/**
 * Evaluates every intrinsic function in `value`. `where` names the spot in the template (e.g.
 * `WorkerFunction.Environment.Variables.JOBS_TABLE_NAME`) so an error points at what to look at.
 */
export function resolveValue(value: TemplateValue, ctx: IntrinsicContext, where: string): ResolvedValue {
  if (Array.isArray(value)) return value.map((item, i) => resolveValue(item, ctx, `${where}[${i}]`));
  if (!isTemplateObject(value)) return value as ResolvedValue;
  const intrinsic = intrinsicName(value);
  if (intrinsic !== undefined) {
    const fn = INTRINSICS[intrinsic];
    if (!fn) {
      throw new TemplateError(
        `${where}: ${intrinsic} is not supported by the local runtime (supported: ${Object.keys(INTRINSICS).join(', ')}).`,
        logicalIdOf(where),
      );
    }
    return fn(value[intrinsic] as TemplateValue, ctx, where);
  }
  const out: { [key: string]: ResolvedValue } = {};
  for (const [key, item] of Object.entries(value)) out[key] = resolveValue(item, ctx, `${where}.${key}`);
  return out;
}

export function resolveString(value: TemplateValue, ctx: IntrinsicContext, where: string): string {
  const resolved = resolveValue(value, ctx, where);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new TemplateError(
    `${where}: expected a string, got ${JSON.stringify(resolved)}.`,
    logicalIdOf(where),
  );
}

function intrinsicName(value: TemplateObject): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

function ref(name: string, ctx: IntrinsicContext, where: string): string {
  switch (name) {
    case 'AWS::Region':
      return ctx.pseudo.region;
    case 'AWS::AccountId':
      return ctx.pseudo.accountId;
    case 'AWS::StackName':
      return ctx.pseudo.stackName;
    case 'AWS::Partition':
      return ctx.pseudo.partition;
    case 'AWS::URLSuffix':
      return ctx.pseudo.urlSuffix;
    case 'AWS::StackId':
      return `arn:${ctx.pseudo.partition}:cloudformation:${ctx.pseudo.region}:${ctx.pseudo.accountId}:stack/${ctx.pseudo.stackName}/local`;
  }
  const parameter = ctx.parameters?.[name];
  if (parameter) {
    if (typeof parameter.Default === 'string' || typeof parameter.Default === 'number') {
      return String(parameter.Default);
    }
    throw new TemplateError(`${where}: parameter ${name} has no default value to use locally.`, name);
  }
  return withResourceContext(where, () => ctx.resources.ref(name));
}

function getAtt(args: TemplateValue, ctx: IntrinsicContext, where: string): string {
  let logicalId: string;
  let attribute: string;
  if (typeof args === 'string') {
    const dot = args.indexOf('.');
    if (dot < 0)
      throw new TemplateError(`${where}: Fn::GetAtt "${args}" has no attribute.`, logicalIdOf(where));
    logicalId = args.slice(0, dot);
    attribute = args.slice(dot + 1);
  } else {
    const [id, attr] = pair(args, 'Fn::GetAtt', where);
    logicalId = expectString(id, 'Fn::GetAtt', where);
    attribute = resolveString(attr, ctx, `${where}/Fn::GetAtt`);
  }
  return withResourceContext(where, () => ctx.resources.getAtt(logicalId, attribute));
}

function join(args: TemplateValue, ctx: IntrinsicContext, where: string): string {
  const [delimiter, list] = pair(args, 'Fn::Join', where);
  const items = resolveValue(list, ctx, `${where}/Fn::Join`);
  if (!Array.isArray(items)) {
    throw new TemplateError(
      `${where}: Fn::Join needs a list, got ${JSON.stringify(items)}.`,
      logicalIdOf(where),
    );
  }
  return items
    .map((item) => scalar(item, 'Fn::Join', where))
    .join(expectString(delimiter, 'Fn::Join', where));
}

function sub(args: TemplateValue, ctx: IntrinsicContext, where: string): string {
  let text: string;
  const variables = new Map<string, string>();
  if (typeof args === 'string') {
    text = args;
  } else {
    const [body, vars] = pair(args, 'Fn::Sub', where);
    text = expectString(body, 'Fn::Sub', where);
    if (!isTemplateObject(vars)) throw new TemplateError(`${where}: Fn::Sub variables must be an object.`);
    for (const [name, value] of Object.entries(vars)) {
      variables.set(name, resolveString(value, ctx, `${where}/Fn::Sub/${name}`));
    }
  }
  return text.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const variable = variables.get(name);
    if (variable !== undefined) return variable;
    const dot = name.indexOf('.');
    return dot > 0 && !name.startsWith('AWS::')
      ? getAtt(name, ctx, where)
      : ref(name, ctx, `${where}/Fn::Sub`);
  });
}

function select(args: TemplateValue, ctx: IntrinsicContext, where: string): ResolvedValue {
  const [index, list] = pair(args, 'Fn::Select', where);
  const i = Number(resolveValue(index, ctx, `${where}/Fn::Select`));
  const items = resolveValue(list, ctx, `${where}/Fn::Select`);
  if (!Array.isArray(items) || !Number.isInteger(i) || i < 0 || i >= items.length) {
    throw new TemplateError(
      `${where}: Fn::Select index ${String(i)} is out of range for ${JSON.stringify(items)}.`,
      logicalIdOf(where),
    );
  }
  return items[i] as ResolvedValue;
}

function split(args: TemplateValue, ctx: IntrinsicContext, where: string): string[] {
  const [delimiter, source] = pair(args, 'Fn::Split', where);
  return resolveString(source, ctx, `${where}/Fn::Split`).split(expectString(delimiter, 'Fn::Split', where));
}

function scalar(value: ResolvedValue, fn: string, where: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw new TemplateError(
    `${where}: ${fn} got a non-scalar item ${JSON.stringify(value)}.`,
    logicalIdOf(where),
  );
}

function expectString(value: TemplateValue, fn: string, where: string): string {
  if (typeof value === 'string') return value;
  throw new TemplateError(
    `${where}: ${fn} expects a string, got ${JSON.stringify(value)}.`,
    logicalIdOf(where),
  );
}

function pair(value: TemplateValue, fn: string, where: string): readonly [TemplateValue, TemplateValue] {
  if (Array.isArray(value) && value.length === 2) return value as unknown as [TemplateValue, TemplateValue];
  throw new TemplateError(
    `${where}: ${fn} expects a list of 2, got ${JSON.stringify(value)}.`,
    logicalIdOf(where),
  );
}

/** Resource lookups throw plain errors; prefix them with the place in the template that asked. */
function withResourceContext(where: string, lookup: () => string): string {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof TemplateError && error.message.startsWith(where)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new TemplateError(`${where}: ${message}`, logicalIdOf(where), { cause: error });
  }
}

function logicalIdOf(where: string): string {
  return where.split(/[./[]/, 1)[0] ?? where;
}
