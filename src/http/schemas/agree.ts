/**
 * Type-level checks that a zod schema and the TypeScript type the code already uses describe the same
 * values, so the API's documented shapes cannot drift from what the handlers return.
 */

/** Read-only is a promise of the code, not of the wire: it is ignored when comparing. */
type Writable<T> = T extends readonly (infer E)[]
  ? Writable<E>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

/**
 * `true` when A and B are the same type, read-only aside: same fields, same optionality, same field
 * types all the way down (an optional field one side lacks counts as a difference), else `false`.
 */
export type Agree<A, B> =
  (<T>() => T extends Writable<A> ? 1 : 2) extends <T>() => T extends Writable<B> ? 1 : 2 ? true : false;

/** Compiles only for `true`: `export type JobAgrees = Assert<Agree<z.infer<typeof job>, Job>>`. */
export type Assert<T extends true> = T;

/** A schema's output as code may hold it: read-only all the way down (a `satisfies` target). */
export type ReadonlyDeep<T> = T extends readonly (infer E)[]
  ? readonly ReadonlyDeep<E>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> }
    : T;
