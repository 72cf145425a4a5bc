import { ScheduleExpressionError } from '../../src/core/schedule/errors.ts';
import { parseScheduleExpression, type ScheduleExpression } from '../../src/core/schedule/expression.ts';
import { LocalRuntimeError, TemplateError } from '../errors.ts';
import type { PhysicalResources } from './physical.ts';
import type { PropertyReader } from './props.ts';
import type { ResolvedValue } from './types.ts';

export interface ScheduleTarget {
  readonly id: string;
  readonly functionLogicalId: string;
  /** The target's constant Input, parsed; the Scheduled Event itself when absent. */
  readonly input: ResolvedValue | undefined;
}

export interface ScheduleModel {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly expression: ScheduleExpression;
  readonly targets: readonly ScheduleTarget[];
  readonly notEmulated: readonly string[];
}

/** A scheduled, enabled rule; a reason instead for rules the runtime does not fire. */
export function readScheduleRule(
  props: PropertyReader,
  physical: PhysicalResources,
): ScheduleModel | { readonly skipped: string } {
  const text = props.string('ScheduleExpression');
  if (text === undefined) return { skipped: 'event-pattern rules are not emulated' };
  if ((props.string('State') ?? 'ENABLED') !== 'ENABLED') return { skipped: 'the rule is disabled' };
  let expression: ScheduleExpression;
  try {
    expression = parseScheduleExpression(text);
  } catch (error) {
    const message =
      error instanceof LocalRuntimeError || error instanceof ScheduleExpressionError
        ? error.message
        : String(error);
    throw new TemplateError(`Schedule rule ${props.logicalId}: ${message}`, props.logicalId, {
      cause: error,
    });
  }
  const targets: ScheduleTarget[] = [];
  const notEmulated: string[] = [];
  const rawTargets = props.resolved('Targets');
  for (const target of Array.isArray(rawTargets) ? rawTargets : []) {
    if (!target || typeof target !== 'object' || Array.isArray(target)) continue;
    const arn = String(target.Arn);
    const functionLogicalId = physical.logicalIdOfFunction(arn);
    if (functionLogicalId === undefined) {
      notEmulated.push(`target ${String(target.Id)} (${arn}) is not a function of this stack`);
      continue;
    }
    if (target.InputPath !== undefined || target.InputTransformer !== undefined) {
      notEmulated.push(`target ${String(target.Id)}: InputPath/InputTransformer (the plain event is sent)`);
    }
    let input: ResolvedValue | undefined;
    if (typeof target.Input === 'string') {
      try {
        input = JSON.parse(target.Input) as ResolvedValue;
      } catch (error) {
        throw new TemplateError(
          `Schedule rule ${props.logicalId}: target ${String(target.Id)} has Input that is not JSON.`,
          props.logicalId,
          { cause: error },
        );
      }
    }
    targets.push({ id: String(target.Id), functionLogicalId, input });
  }
  return {
    logicalId: props.logicalId,
    name: physical.name(props.logicalId),
    arn: physical.arn(props.logicalId),
    expression,
    targets,
    notEmulated,
  };
}
