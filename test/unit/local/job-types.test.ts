import { describe, expect, test } from 'vitest';
import jobs from '../../../jobs/index.ts';
import { exampleSubmission, jobTypesOf } from '../../../local/output/job-types.ts';
import { openApiDocument } from '../../../src/http/openapi.ts';

const types = jobTypesOf(JSON.parse(JSON.stringify(openApiDocument(jobs))));

describe('the startup listing’s job types, read from the API’s OpenAPI document', () => {
  test('names every job type of the app, in its order', () => {
    expect(types.map((type) => type.type)).toEqual(Object.keys(jobs));
  });

  test('every example payload it makes up is one the job type’s schema accepts', () => {
    const made = types.filter((type) => type.payload);
    expect(made.length).toBeGreaterThan(0);
    for (const { type, payload } of made) {
      const schema = jobs[type as keyof typeof jobs].schema;
      expect(schema.safeParse(payload).success, `${type}: ${JSON.stringify(payload)}`).toBe(true);
    }
  });

  test('the example submission is the shortest that works: a type needing no payload', () => {
    expect(exampleSubmission(types)).toBe('{"type":"noop"}');
  });

  test('without a type that needs no payload, the first one with a made-up payload', () => {
    const only = types.filter((type) => type.type === 'email');
    expect(JSON.parse(exampleSubmission(only) ?? 'null')).toEqual({
      type: 'email',
      payload: { to: 'ada@example.com' },
    });
  });

  test('a document without job types gives none, and no example', () => {
    expect(jobTypesOf({ openapi: '3.1.1' })).toEqual([]);
    expect(jobTypesOf(null)).toEqual([]);
    expect(exampleSubmission([])).toBeUndefined();
  });
});
