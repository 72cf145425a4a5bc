import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { OpenApiDocument } from '../../src/http/openapi.ts';
import type { ApiRoute } from '../../src/http/routes.ts';

/** The document's own keywords (and OpenAPI's `discriminator`): annotations to a JSON Schema validator. */
const OPENAPI_KEYWORDS = [
  'openapi',
  'info',
  'servers',
  'tags',
  'security',
  'paths',
  'components',
  'discriminator',
];

const DOCUMENT_ID = 'https://sqs-jobs.invalid/openapi.json';

/** JSON pointer segment: `/jobs/{id}` → `~1jobs~1{id}`. */
const pointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

export interface OpenApiChecker {
  /** Compiles every schema of the document (components and operations); throws on the first bad one. */
  compileAll(): void;
  /** Errors of `body` against a component, or [] when it matches. */
  componentErrors(component: string, body: unknown): ErrorObject[];
  /**
   * Errors of an answer against what the document says `route` answers with `status` in `mediaType`,
   * or a line saying the document does not describe that answer at all.
   */
  responseErrors(route: ApiRoute, status: number, mediaType: string, body: unknown): (ErrorObject | string)[];
}

/**
 * A JSON Schema 2020-12 validator (Ajv, strict, with formats) over one OpenAPI document: `$ref`s
 * resolve inside it, as they do for any OpenAPI tool.
 */
export function openApiChecker(document: OpenApiDocument): OpenApiChecker {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  formats.default(ajv);
  for (const keyword of OPENAPI_KEYWORDS) ajv.addKeyword({ keyword });
  ajv.addSchema(structuredClone(document), DOCUMENT_ID);
  const at = (path: string) => {
    const validate = ajv.getSchema(`${DOCUMENT_ID}#${path}`);
    if (!validate) throw new Error(`No schema at ${path}`);
    return validate;
  };
  const check = (path: string, body: unknown) => {
    const validate = at(path);
    return validate(body) ? [] : [...(validate.errors ?? [])];
  };
  return {
    compileAll() {
      for (const name of Object.keys(document.components.schemas)) at(`/components/schemas/${pointer(name)}`);
      for (const [path, operations] of Object.entries(document.paths))
        for (const [method, operation] of Object.entries(operations)) {
          const base = `/paths/${pointer(path)}/${method}`;
          for (const [i, parameter] of (operation.parameters ?? []).entries())
            if (parameter.schema) at(`${base}/parameters/${i}/schema`);
          for (const mediaType of Object.keys(operation.requestBody?.content ?? {}))
            at(`${base}/requestBody/content/${pointer(mediaType)}/schema`);
          for (const [status, response] of Object.entries(operation.responses)) {
            for (const mediaType of Object.keys(response.content ?? {}))
              at(`${base}/responses/${status}/content/${pointer(mediaType)}/schema`);
            for (const header of Object.keys(response.headers ?? {}))
              at(`${base}/responses/${status}/headers/${pointer(header)}/schema`);
          }
        }
    },
    componentErrors: (component, body) => check(`/components/schemas/${pointer(component)}`, body),
    responseErrors(route, status, mediaType, body) {
      const [method = '', path = ''] = route.split(' ');
      const response = document.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
      if (!response) return [`${route} does not document a ${status} answer`];
      if (!response.content?.[mediaType]) {
        const documented = Object.keys(response.content ?? {}).join(', ') || 'no body';
        return [`${route} ${status} documents ${documented}, not ${mediaType}`];
      }
      return check(
        `/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}/content/${pointer(mediaType)}/schema`,
        body,
      );
    },
  };
}
