import { type AllocationMethod, type CaseStage, fen, formatYuan, parseYuan } from '@huikuan/domain';
import { ApiError } from '../api/ApiError';
import type { Locale } from '../api/types';
import type { AllocationRule, AllocationRuleInput } from './types';

/** The rule form's fields; amounts in yuan as typed, conditions left empty mean "any". */
export interface RuleFormValues {
  name: string;
  priority: number;
  enabled: boolean;
  stages: CaseStage[];
  segments: string[];
  provinces: string[];
  regionCodePrefixes: string[];
  /** Yuan as typed ("20,000.00"); empty = no bound. */
  minOwed: string;
  maxOwed: string;
  teamIds: string[];
  userIds: string[];
  method: AllocationMethod;
}

export const RULE_FORM_FIELDS = [
  'name',
  'priority',
  'enabled',
  'stages',
  'segments',
  'provinces',
  'regionCodePrefixes',
  'minOwed',
  'maxOwed',
  'teamIds',
  'userIds',
  'method',
] as const satisfies readonly (keyof RuleFormValues)[];
type RuleField = (typeof RULE_FORM_FIELDS)[number];

/** The form's values for a rule (or the defaults of a new one). */
export function ruleToForm(rule: AllocationRule | null): RuleFormValues {
  const c = rule?.conditions ?? {};
  return {
    name: rule?.name ?? '',
    priority: rule?.priority ?? 10,
    enabled: rule?.enabled ?? true,
    stages: c.stages ?? [],
    segments: c.segments ?? [],
    provinces: c.provinces ?? [],
    regionCodePrefixes: c.regionCodePrefixes ?? [],
    minOwed: c.minOwedFen === undefined ? '' : formatYuan(fen(c.minOwedFen)),
    maxOwed: c.maxOwedFen === undefined ? '' : formatYuan(fen(c.maxOwedFen)),
    teamIds: rule?.target.teamIds ?? [],
    userIds: rule?.target.userIds ?? [],
    method: rule?.method ?? 'round-robin',
  };
}

/** The rule the API takes: empty conditions left out (they match every case). */
export function formToRule(v: RuleFormValues): AllocationRuleInput {
  const list = (values: string[] | undefined) => (values && values.length > 0 ? values : undefined);
  const conditions: AllocationRuleInput['conditions'] = {};
  const stages = list(v.stages) as CaseStage[] | undefined;
  if (stages) conditions.stages = stages;
  const segments = list(v.segments);
  if (segments) conditions.segments = segments;
  const provinces = list(v.provinces);
  if (provinces) conditions.provinces = provinces;
  const prefixes = list(v.regionCodePrefixes);
  if (prefixes) conditions.regionCodePrefixes = prefixes;
  const minOwedFen = v.minOwed?.trim() ? parseYuan(v.minOwed) : null;
  if (minOwedFen !== null) conditions.minOwedFen = minOwedFen;
  const maxOwedFen = v.maxOwed?.trim() ? parseYuan(v.maxOwed) : null;
  if (maxOwedFen !== null) conditions.maxOwedFen = maxOwedFen;
  return {
    name: v.name,
    priority: v.priority,
    enabled: v.enabled,
    conditions,
    target: { teamIds: v.teamIds ?? [], userIds: v.userIds ?? [] },
    method: v.method,
  };
}

const FIELD_OF_PATH: Record<string, RuleField> = { minOwedFen: 'minOwed', maxOwedFen: 'maxOwed' };

/**
 * The server's issues under the rule form's fields: `conditions.maxOwedFen` → maxOwed,
 * `target.teamIds` → teamIds, `conditions.regionCodePrefixes.1` → regionCodePrefixes. Issues
 * that name no field are returned apart, for the form's alert.
 */
export function ruleFieldErrors(
  error: unknown,
  locale: Locale,
): { fields: { name: RuleField; errors: string[] }[]; unplaced: boolean } {
  if (!(error instanceof ApiError)) return { fields: [], unplaced: true };
  const byField = new Map<RuleField, string[]>();
  let unplaced = error.fieldErrors.length === 0;
  for (const problem of error.fieldErrors) {
    const segments = problem.path.split(/[./[\]]+/).filter(Boolean);
    const field = segments
      .map((s) => FIELD_OF_PATH[s] ?? s)
      .find((s): s is RuleField => (RULE_FORM_FIELDS as readonly string[]).includes(s));
    const text = problem.message[locale] ?? problem.message['zh-CN'] ?? problem.code;
    if (field) byField.set(field, [...(byField.get(field) ?? []), text]);
    else unplaced = true;
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), unplaced };
}
