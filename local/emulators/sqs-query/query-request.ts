/**
 * SQS's query protocol (older AWS CLIs and SDKs: Debian 12's AWS CLI 2.9.19, the Java SDK v1, …) sends
 * `Action=SendMessage&Version=2012-11-05&QueueUrl=…&MessageAttribute.1.Name=…` as a form or query
 * string; fauxqs speaks only the JSON protocol. This turns the flattened parameters into the JSON
 * protocol's input, by the naming rules of the SQS model (botocore's sqs/2012-11-05/service-2.json):
 * flattened lists `AttributeName.1`, flattened maps `Attribute.1.Name` / `.Value`, entry lists
 * `SendMessageBatchRequestEntry.1.Id`. Plain functions, no I/O: unit-tested on their own.
 */

export const SQS_QUERY_VERSION = '2012-11-05';

export interface QueryRequest {
  /** The Action parameter; undefined when the request names none. */
  readonly action: string | undefined;
  /** The JSON protocol's input for that action. */
  readonly input: Record<string, unknown>;
}

/** Flattened list element → the JSON member it fills. */
const LISTS: Readonly<Record<string, string>> = {
  AttributeName: 'AttributeNames',
  MessageAttributeName: 'MessageAttributeNames',
  MessageSystemAttributeName: 'MessageSystemAttributeNames',
  TagKey: 'TagKeys',
  AWSAccountId: 'AWSAccountIds',
  ActionName: 'Actions',
  StringListValue: 'StringListValues',
  BinaryListValue: 'BinaryListValues',
};

/** Flattened map element → the JSON member, and the names of its key and value parts. */
const MAPS: Readonly<
  Record<string, { readonly member: string; readonly key: string; readonly value: string }>
> = {
  Attribute: { member: 'Attributes', key: 'Name', value: 'Value' },
  Tag: { member: 'Tags', key: 'Key', value: 'Value' },
  MessageAttribute: { member: 'MessageAttributes', key: 'Name', value: 'Value' },
  MessageSystemAttribute: { member: 'MessageSystemAttributes', key: 'Name', value: 'Value' },
};

/** The batch actions' entries, each a structure. */
const ENTRY_LISTS = new Set([
  'SendMessageBatchRequestEntry',
  'DeleteMessageBatchRequestEntry',
  'ChangeMessageVisibilityBatchRequestEntry',
]);

/** Integer members; the query protocol sends every value as text, the JSON protocol as numbers. */
const INTEGERS = new Set([
  'MaxResults',
  'DelaySeconds',
  'MaxNumberOfMessages',
  'VisibilityTimeout',
  'WaitTimeSeconds',
  'MaxNumberOfMessagesPerSecond',
]);

/** Parameters about the request itself (signature version 2 or presigned version 4), not the action. */
const ENVELOPE =
  /^(Action|Version|AWSAccessKeyId|Signature|SignatureMethod|SignatureVersion|Timestamp|Expires|SecurityToken|X-Amz-.*)$/;

type Tree = { value?: string; children: Map<string, Tree> };

/**
 * Reads a query-protocol request. `path` is the request's path: SDKs that send each request to the
 * queue's URL (`/000000000000/name`) leave QueueUrl out of the parameters, and `origin` rebuilds it.
 */
export function parseQueryRequest(
  params: URLSearchParams,
  options: { readonly path?: string; readonly origin?: string } = {},
): QueryRequest {
  const root: Tree = { children: new Map() };
  for (const [key, value] of params) {
    if (ENVELOPE.test(key)) continue;
    let node = root;
    for (const part of key.split('.')) {
      let next = node.children.get(part);
      if (!next) {
        next = { children: new Map() };
        node.children.set(part, next);
      }
      node = next;
    }
    node.value = value;
  }
  const action = params.get('Action') ?? undefined;
  const input = structure(root);
  // CreateQueue alone names its tags "tags" in the JSON protocol (TagQueue says "Tags").
  if (action === 'CreateQueue' && 'Tags' in input) {
    input.tags = input.Tags;
    delete input.Tags;
  }
  const path = options.path ?? '/';
  if (input.QueueUrl === undefined && /^\/[^/]+\/[^/]+$/.test(path) && options.origin) {
    input.QueueUrl = `${options.origin}${path}`;
  }
  return { action, input };
}

function structure(node: Tree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of node.children) {
    const list = LISTS[name];
    const map = MAPS[name];
    if (list) {
      out[list] = indexed(child).map((item) => item.value ?? '');
    } else if (map) {
      out[map.member] = Object.fromEntries(
        indexed(child).map((entry) => {
          const value = entry.children.get(map.value);
          return [entry.children.get(map.key)?.value ?? '', value ? member(map.value, value) : ''];
        }),
      );
    } else if (ENTRY_LISTS.has(name)) {
      out.Entries = indexed(child).map(structure);
    } else {
      out[name] = member(name, child);
    }
  }
  return out;
}

function member(name: string, node: Tree): unknown {
  if (node.children.size > 0) return structure(node);
  const value = node.value ?? '';
  return INTEGERS.has(name) && /^-?\d+$/.test(value) ? Number(value) : value;
}

/** The numbered children (`.1`, `.2`, …) in their numeric order. */
function indexed(node: Tree): Tree[] {
  return [...node.children.entries()]
    .filter(([index]) => /^\d+$/.test(index))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}
