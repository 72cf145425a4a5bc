import { createMemoryIdempotencyKeys } from '../../../src/adapters/memory/idempotency-keys.ts';
import { idempotencyKeysConformance } from '../../helpers/idempotency-keys-conformance.ts';

idempotencyKeysConformance('in-memory', createMemoryIdempotencyKeys);
