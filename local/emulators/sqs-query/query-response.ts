/**
 * The JSON protocol's answers, written as SQS's query protocol answers them: XML in the
 * 2012-11-05 namespace, lists and maps flattened (`<QueueUrl>` repeated, `<Attribute><Name/><Value/>`),
 * errors as `<ErrorResponse>` with the legacy code (`AWS.SimpleQueueService.NonExistentQueue`).
 * Plain functions, no I/O: unit-tested on their own.
 */

const NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** JSON list member → the element each item is written as. */
const LIST_ITEMS: Readonly<Record<string, string>> = {
  QueueUrls: 'QueueUrl',
  queueUrls: 'QueueUrl',
  Messages: 'Message',
  Failed: 'BatchResultErrorEntry',
  StringListValues: 'StringListValue',
  BinaryListValues: 'BinaryListValue',
};

/** JSON map member → the element each entry is written as, with its key and value parts. */
const MAP_ENTRIES: Readonly<
  Record<string, { readonly element: string; readonly key: string; readonly value: string }>
> = {
  Attributes: { element: 'Attribute', key: 'Name', value: 'Value' },
  MessageAttributes: { element: 'MessageAttribute', key: 'Name', value: 'Value' },
  Tags: { element: 'Tag', key: 'Key', value: 'Value' },
};

/** Actions with no output, whose answers hold no `<ActionResult>`; all others must (botocore requires it). */
const NO_RESULT = new Set([
  'AddPermission',
  'ChangeMessageVisibility',
  'DeleteMessage',
  'DeleteQueue',
  'PurgeQueue',
  'RemovePermission',
  'SetQueueAttributes',
  'TagQueue',
  'UntagQueue',
]);

export interface QueryAnswer {
  readonly status: number;
  readonly body: string;
}

/** A successful JSON answer to `action` as its `<ActionResponse>`. */
export function queryResponse(action: string, output: Record<string, unknown>, requestId: string): string {
  // The batch actions' results are `<SendMessageBatchResultEntry>`, `<DeleteMessageBatchResultEntry>`, …
  const items = { ...LIST_ITEMS, Successful: `${action}ResultEntry` };
  const members = Object.entries(output)
    .map(([name, value]) => element(name, value, items))
    .join('');
  const result = NO_RESULT.has(action) ? '' : `<${action}Result>${members}</${action}Result>`;
  return `<?xml version="1.0"?><${action}Response xmlns="${NAMESPACE}">${result}${metadata(requestId)}</${action}Response>`;
}

/**
 * A JSON error answer as `<ErrorResponse>`. fauxqs gives the query protocol's code and fault in
 * `x-amzn-query-error` ("AWS.SimpleQueueService.NonExistentQueue;Sender") when it differs from the
 * JSON one; otherwise the code is the `__type` after its namespace.
 */
export function queryErrorResponse(
  error: {
    readonly status: number;
    readonly type?: string;
    readonly message?: string;
    readonly queryError?: string;
  },
  requestId: string,
): QueryAnswer {
  const [headerCode, headerFault] = (error.queryError ?? '').split(';');
  const code = headerCode || (error.type ?? '').replace(/^.*#/, '') || 'InternalFailure';
  const fault = headerFault || (error.status >= 500 ? 'Receiver' : 'Sender');
  return {
    status: error.status,
    body:
      `<?xml version="1.0"?><ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${escapeXml(fault)}</Type>` +
      `<Code>${escapeXml(code)}</Code><Message>${escapeXml(error.message ?? code)}</Message><Detail/></Error>` +
      `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`,
  };
}

function metadata(requestId: string): string {
  return `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`;
}

function element(name: string, value: unknown, items: Readonly<Record<string, string>>): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    // Flattened: the items stand side by side, with no element around them.
    const item = items[name] ?? name;
    return value.map((entry) => element(item, entry, items)).join('');
  }
  if (typeof value === 'object') {
    const map = MAP_ENTRIES[name];
    const entries = Object.entries(value as Record<string, unknown>);
    if (map) {
      return entries
        .map(
          ([key, entry]) =>
            `<${map.element}><${map.key}>${escapeXml(key)}</${map.key}>${element(map.value, entry, items)}</${map.element}>`,
        )
        .join('');
    }
    return `<${name}>${entries.map(([member, entry]) => element(member, entry, items)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * XML text. A carriage return is written as a reference, since an XML parser turns a literal one
 * into a line feed; message bodies may hold either.
 */
function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (char) => `&#${char.charCodeAt(0)};`);
}
