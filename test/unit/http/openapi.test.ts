import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobs } from '../../../jobs/index.ts';
import packageJson from '../../../package.json' with { type: 'json' };
import { defineJobType, type SpecRegistry } from '../../../src/core/registry.ts';
import { parseSubmission } from '../../../src/core/submission.ts';
import { statusOfCode } from '../../../src/http/error-mapper.ts';
import { openApiDocument } from '../../../src/http/openapi.ts';
import { API_ROUTES, PUBLIC_ROUTES, splitRoute } from '../../../src/http/routes.ts';
import { openApiChecker } from '../../helpers/openapi.ts';

const document = openApiDocument(jobs);
const operationOf = (route: (typeof API_ROUTES)[number]) => {
  const { method, path } = splitRoute(route);
  return document.paths[path]?.[method.toLowerCase()];
};

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('holds only schemas a strict JSON Schema 2020-12 validator compiles, every $ref resolving', () => {
    expect(() => openApiChecker(document).compileAll()).not.toThrow();
  });

  it('documents every route the stack declares, and no other', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual([...API_ROUTES].sort());
    const ids = API_ROUTES.map((route) => operationOf(route)?.operationId);
    expect(new Set(ids).size).toBe(API_ROUTES.length);
  });

  it.each(API_ROUTES)('%s: a success answer, 500, and a key or signature unless public', (route) => {
    const operation = operationOf(route);
    const statuses = Object.keys(operation?.responses ?? {}).map(Number);
    expect(statuses.some((status) => status >= 200 && status < 400)).toBe(true);
    expect(statuses).toContain(500);
    expect(statuses).toContain(429);
    if (PUBLIC_ROUTES.has(route)) {
      expect(operation?.security).toEqual([]);
      expect(statuses).not.toContain(403);
    } else {
      // Inherits the document's: an API key or a SigV4 signature, whichever the stage was deployed with.
      expect(operation?.security).toBeUndefined();
      expect(statuses).toContain(403);
    }
  });

  it('takes an API key in x-api-key or a SigV4 Authorization header', () => {
    expect(document.security).toEqual([{ apiKey: [] }, { sigv4: [] }]);
    expect(document.components.securitySchemes).toMatchObject({
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      sigv4: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: expect.stringContaining('SigV4'),
      },
    });
  });

  it('lists each error code under the status the error mapper answers it with', () => {
    const checker = openApiChecker(document);
    const cases: [(typeof API_ROUTES)[number], string][] = [
      ['POST /jobs/{id}/cancel', 'JobFinished'],
      ['POST /jobs/{id}/retry', 'JobNotRetryable'],
      ['GET /jobs/{id}', 'JobNotFound'],
      ['POST /jobs', 'UnknownJobType'],
      ['POST /jobs', 'Backpressure'],
      ['POST /jobs', 'EnqueueFailed'],
      ['GET /jobs', 'InvalidCursor'],
      ['POST /dlq/redrive', 'UnsupportedMediaType'],
    ];
    for (const [route, code] of cases) {
      const body = { error: { code, message: 'm', details: {} } };
      expect(
        checker.responseErrors(route, statusOfCode(code), 'application/json', body),
        `${route} ${code}`,
      ).toEqual([]);
    }
    // A code the route cannot answer with is not in its answer.
    const wrong = { error: { code: 'JobNotRetryable', message: 'm', details: {} } };
    expect(checker.responseErrors('POST /jobs/{id}/cancel', 409, 'application/json', wrong)).not.toEqual([]);
    expect(operationOf('POST /jobs')?.responses['429']?.headers).toHaveProperty('Retry-After');
  });

  it('takes its version from package.json, and servers and the maxAttempts cap from the options', () => {
    expect(document.info.version).toBe(packageJson.version);
    expect(document.servers).toBeUndefined();
    const capped = openApiDocument(jobs, {
      maxAttemptsLimit: 5,
      servers: [{ url: 'https://api.example' }],
    });
    expect(capped.servers).toEqual([{ url: 'https://api.example' }]);
    const checker = openApiChecker(capped);
    expect(checker.componentErrors('Submission', { type: 'noop', maxAttempts: 5 })).toEqual([]);
    expect(checker.componentErrors('Submission', { type: 'noop', maxAttempts: 6 })).not.toEqual([]);
  });
});

describe('the POST /jobs body in the document', () => {
  const checker = openApiChecker(document);

  it('is one submission per job type, told apart by type', () => {
    const submission = document.components.schemas.Submission as {
      oneOf: { $ref: string }[];
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    const types = Object.keys(jobs);
    expect(submission.oneOf).toHaveLength(types.length);
    expect(submission.discriminator.propertyName).toBe('type');
    expect(Object.keys(submission.discriminator.mapping)).toEqual(types);
    for (const [type, ref] of Object.entries(submission.discriminator.mapping)) {
      expect(submission.oneOf).toContainEqual({ $ref: ref });
      expect(document.components.schemas[`Submission.${type}`]).toBeDefined();
      expect(document.components.schemas[`Payload.${type}`]?.description).toBe(
        jobs[type as keyof typeof jobs].description,
      );
    }
  });

  // What the API accepts (parseSubmission) and what the document accepts must be the same bodies.
  it.each([
    ['flat', { type: 'sleep', ms: 10 }],
    ['nested', { type: 'sleep', payload: { ms: 10 } }],
    ['with maxAttempts', { type: 'email', to: 'ada@example.com', maxAttempts: 25 }],
    ['nested with maxAttempts', { type: 'email', payload: { to: 'ada@example.com' }, maxAttempts: 1 }],
    ['no payload fields', { type: 'noop' }],
    ['an empty nested payload', { type: 'noop', payload: {} }],
    ['only optional fields', { type: 'report', title: 'Q3' }],
    ['maxAttempts 0', { type: 'noop', maxAttempts: 0 }],
    ['maxAttempts over the cap', { type: 'noop', maxAttempts: 26 }],
    ['a fractional maxAttempts', { type: 'noop', maxAttempts: 1.5 }],
    ['both forms', { type: 'sleep', ms: 10, payload: { ms: 10 } }],
    ['an unknown flat field', { type: 'sleep', ms: 10, extra: true }],
    ['an unknown nested field', { type: 'sleep', payload: { ms: 10, extra: true } }],
    ['a missing field', { type: 'sleep' }],
    ['a field of the wrong type', { type: 'sleep', ms: 'soon' }],
    ['an unknown type', { type: 'teleport' }],
    ['no type', { ms: 10 }],
    ['a payload that is not an object', { type: 'noop', payload: [] }],
  ])('agrees with the API on %s', (_, body) => {
    let accepted = true;
    try {
      parseSubmission(body, jobs);
    } catch {
      accepted = false;
    }
    expect(checker.componentErrors('Submission', body).length === 0).toBe(accepted);
  });

  it('documents a job type whose schema is not an object in the nested form only, and z.date() as any value', () => {
    const specs: SpecRegistry = {
      either: defineJobType({
        schema: z.union([z.strictObject({ a: z.string() }), z.strictObject({ b: z.int() })]),
      }),
      dated: defineJobType({ schema: z.strictObject({ at: z.date() }), maxAttempts: 7, timeoutSeconds: 30 }),
    };
    const own = openApiDocument(specs);
    const checker = openApiChecker(own);
    checker.compileAll();
    expect(checker.componentErrors('Submission', { type: 'either', payload: { b: 1 } })).toEqual([]);
    expect(checker.componentErrors('Submission', { type: 'either', b: 1 })).not.toEqual([]);
    expect(checker.componentErrors('Submission', { type: 'dated', at: 'anything' })).toEqual([]);
    expect(own.components.schemas['Submission.dated']?.description).toContain('30 s');
  });

  it('refuses a registry it cannot name components after', () => {
    expect(() => openApiDocument({})).toThrow(/at least one job type/);
    expect(() => openApiDocument({ 'bad name': defineJobType({ schema: z.object({}) }) })).toThrow(
      /bad name/,
    );
  });
});
