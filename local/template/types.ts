/** The parts of a synthesized CloudFormation template the runtime reads. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };

export type TemplateObject = { readonly [key: string]: TemplateValue };

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: TemplateObject;
  readonly Metadata?: TemplateObject;
  readonly DependsOn?: string | readonly string[];
}

export interface TemplateOutput {
  readonly Value: TemplateValue;
  readonly Description?: string;
}

export interface TemplateParameter {
  readonly Type: string;
  readonly Default?: TemplateValue;
}

export interface Template {
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  readonly Outputs?: Readonly<Record<string, TemplateOutput>>;
  readonly Parameters?: Readonly<Record<string, TemplateParameter>>;
}

/** A template value after every intrinsic function has been evaluated. */
export type ResolvedValue =
  | string
  | number
  | boolean
  | null
  | ResolvedValue[]
  | { [key: string]: ResolvedValue };

export function isTemplateObject(value: TemplateValue | undefined): value is TemplateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
