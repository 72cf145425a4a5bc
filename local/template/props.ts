import { TemplateError } from '../errors.ts';
import { type IntrinsicContext, resolveString, resolveValue } from './intrinsics.ts';
import type { ResolvedValue, TemplateResource, TemplateValue } from './types.ts';

/** Reads one resource's properties, resolving intrinsics and naming the resource in every error. */
export class PropertyReader {
  constructor(
    readonly logicalId: string,
    private readonly resource: TemplateResource,
    private readonly ctx: IntrinsicContext,
  ) {}

  raw(name: string): TemplateValue | undefined {
    return this.resource.Properties?.[name];
  }

  resolved(name: string): ResolvedValue | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : resolveValue(value, this.ctx, this.where(name));
  }

  string(name: string): string | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : resolveString(value, this.ctx, this.where(name));
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw this.error(`has no ${name}`);
    return value;
  }

  number(name: string): number | undefined {
    const value = this.resolved(name);
    if (value === undefined || value === null) return undefined;
    const n = Number(value);
    if (typeof value === 'boolean' || !Number.isFinite(n)) throw this.error(`${name} must be a number`);
    return n;
  }

  boolean(name: string): boolean | undefined {
    const value = this.resolved(name);
    if (value === undefined || value === null) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw this.error(`${name} must be true or false`);
  }

  error(problem: string): TemplateError {
    return new TemplateError(`${this.logicalId} (${this.resource.Type}) ${problem}.`, this.logicalId);
  }

  private where(name: string): string {
    return `${this.logicalId}.${name}`;
  }
}
