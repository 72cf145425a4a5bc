import { InvalidArgumentError } from './errors.ts';

/** `/jobs/{id}`, the id encoded; an empty id would name the list route instead of a job. */
export function jobPath(id: string): string {
  if (typeof id !== 'string' || id === '')
    throw new InvalidArgumentError('A job id must be a non-empty string.');
  return `/jobs/${encodeURIComponent(id)}`;
}
