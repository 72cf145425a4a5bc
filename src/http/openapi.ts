import { z } from 'zod';
import { MAX_ATTEMPTS_LIMIT } from '../core/job.ts';
import type { SpecRegistry } from '../core/registry.ts';
import { VERSION } from '../version.ts';
import { type DocumentedError, routeErrors } from './openapi/errors.ts';
import { componentRef, inlineSchema, type JsonSchema, toComponents } from './openapi/json-schema.ts';
import { type Answer, type Header, OPERATIONS, type OperationDoc, TAGS } from './openapi/operations.ts';
import { requestRegistry } from './openapi/requests.ts';
import { errorComponent, responseRegistry } from './openapi/responses.ts';
import type {
  HeaderObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ResponseObject,
  SecuritySchemeObject,
} from './openapi/types.ts';
import { API_ROUTES, type ApiRoute, PUBLIC_ROUTES, splitRoute } from './routes.ts';

export type { OpenApiDocument } from './openapi/types.ts';

export interface OpenApiOptions {
  /** `info.version`. @default the version in package.json */
  readonly version?: string;
  /** Where the API answers; without it, clients ask. */
  readonly servers?: readonly { readonly url: string; readonly description?: string }[];
  /** The stack's cap on a submission's `maxAttempts`. @default 25 */
  readonly maxAttemptsLimit?: number;
}

const SECURITY_SCHEMES = {
  apiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'Stages deployed with `-c auth=apiKey` (the default): the stack’s API Gateway API key.',
  },
  sigv4: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'Stages deployed with `-c auth=iam`: an AWS Signature Version 4 (SigV4: `AWS4-HMAC-SHA256 …`, service execute-api) of an identity allowed by the stack’s read policy (GET routes) or admin policy (every route), sent with its X-Amz-Date (and X-Amz-Security-Token) headers.',
    'x-amazon-apigateway-authtype': 'awsSigv4',
  },
} as const satisfies Record<string, SecuritySchemeObject>;

/**
 * The API as an OpenAPI 3.1 document, every schema converted from the zod schemas the API parses
 * and answers with (`z.toJSONSchema`); `POST /jobs` takes exactly one of the job types in `specs`,
 * told apart by `type`.
 *
 * @example
 * const document = openApiDocument(jobs, { servers: [{ url: 'https://api.example.com/prod' }] });
 */
export function openApiDocument(specs: SpecRegistry, options: OpenApiOptions = {}): OpenApiDocument {
  const responses = toComponents(responseRegistry(), { io: 'output', prefix: 'Response.' });
  const requests = toComponents(requestRegistry(specs, options.maxAttemptsLimit ?? MAX_ATTEMPTS_LIMIT), {
    io: 'input',
    prefix: 'Request.',
    lenient: true,
  });
  const paths: Record<string, Record<string, OperationObject>> = {};
  for (const route of API_ROUTES) {
    const { method, path } = splitRoute(route);
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(route, OPERATIONS[route]) };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'sqs-jobs',
      version: options.version ?? VERSION,
      description:
        'Background jobs: submit a job, follow it to completed, failed or canceled, and watch the system. Every route but the public ones needs a caller identity: an API key or a SigV4 signature, as the stage was deployed (`-c auth=`).',
    },
    ...(options.servers ? { servers: options.servers } : {}),
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    security: Object.keys(SECURITY_SCHEMES).map((scheme) => ({ [scheme]: [] })),
    paths,
    components: { schemas: { ...responses, ...requests }, securitySchemes: SECURITY_SCHEMES },
  };
}

function operation(route: ApiRoute, doc: OperationDoc): OperationObject {
  const isPublic = PUBLIC_ROUTES.has(route);
  const parameters = [
    ...Object.entries(doc.pathParameters ?? {}).map(
      ([name, description]): ParameterObject => ({
        name,
        in: 'path',
        required: true,
        description,
        schema: inlineSchema(z.string().min(1), 'input'),
      }),
    ),
    ...Object.entries(doc.requestHeaders ?? {}).map(
      ([name, header]): ParameterObject => ({
        name,
        in: 'header',
        required: false,
        description: header.description,
        schema: inlineSchema(header.schema, 'input'),
      }),
    ),
    ...Object.entries(doc.query?.shape ?? {}).map(([name, field]): ParameterObject => {
      const { description, ...schema } = inlineSchema(field, 'input');
      return {
        name,
        in: 'query',
        required: !field.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema,
      };
    }),
  ];
  const answers = Object.entries(doc.answers).map(([status, answer]) => [status, response(answer)] as const);
  const errors = new Map<number, DocumentedError[]>();
  for (const error of routeErrors(doc.errors, { public: isPublic, body: doc.body !== undefined }))
    errors.set(error.status, [...(errors.get(error.status) ?? []), error]);
  return {
    operationId: doc.operationId,
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: doc.body.required,
            content: { 'application/json': { schema: { $ref: componentRef(doc.body.component) } } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      [
        ...answers,
        ...[...errors].map(([status, list]) => [String(status), errorResponse(list)] as const),
      ].sort(([a], [b]) => Number(a) - Number(b)),
    ),
    ...(isPublic ? { security: [] } : {}),
  };
}

function response(answer: Answer): ResponseObject {
  const content = [
    ...(answer.json ? [['application/json', { schema: { $ref: componentRef(answer.json) } }] as const] : []),
    ...(answer.content ?? []).map(
      ({ mediaType, schema }) => [mediaType, { schema: inlineSchema(schema, 'output') }] as const,
    ),
  ];
  return {
    description: answer.description,
    ...(answer.headers ? { headers: headerObjects(answer.headers) } : {}),
    ...(content.length > 0 ? { content: Object.fromEntries(content) } : {}),
  };
}

/** One status, every code the route may answer it with; `error.code` is one of them. */
function errorResponse(errors: readonly DocumentedError[]): ResponseObject {
  const refs = errors.map((error) => ({ $ref: componentRef(errorComponent(error.code)) }));
  const retryAfter = errors.filter((error) => error.retryAfter).map((error) => error.code);
  return {
    description: errors.map((error) => `\`${error.code}\`: ${error.description}`).join('\n\n'),
    ...(retryAfter.length > 0
      ? {
          headers: headerObjects({
            'Retry-After': {
              description: `Seconds to wait before trying again (${retryAfter.join(', ')})`,
              schema: z.string().regex(/^\d+$/),
            },
          }),
        }
      : {}),
    // One component per code; a status several codes share answers exactly one of them.
    content: {
      'application/json': { schema: refs.length === 1 ? (refs[0] as JsonSchema) : { oneOf: refs } },
    },
  };
}

function headerObjects(headers: Readonly<Record<string, Header>>): Record<string, HeaderObject> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, header]) => [
      name,
      { description: header.description, schema: inlineSchema(header.schema, 'output') },
    ]),
  );
}
