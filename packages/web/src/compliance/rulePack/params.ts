import { basePackOf } from '@huikuan/domain';
import type { LocalWindow, PackOverrides, ParamValue, Rule, RuleParam } from '../types';

/** rule id → parameter → the value the shipped pack gives it (before the institution's settings). */
export type PackDefaults = Record<string, Record<string, ParamValue>>;

/**
 * The shipped pack's parameter values, from the same domain code the server applies; null when
 * this UI was built with another version of the pack than the server runs.
 */
export function shippedDefaults(code: string, baseVersion: string): PackDefaults | null {
  const base = basePackOf(code);
  if (!base || base.version !== baseVersion) return null;
  return Object.fromEntries(
    base.rules.map((rule) => [
      rule.id,
      Object.fromEntries(Object.entries(rule.params).map(([name, param]) => [name, param.value])),
    ]),
  );
}

/** The shipped value of a parameter, when known. */
export function defaultOf(
  defaults: PackDefaults | null,
  ruleId: string,
  name: string,
): ParamValue | undefined {
  return defaults?.[ruleId]?.[name];
}

export const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isWindow(value: ParamValue | undefined): value is LocalWindow {
  return typeof value === 'object' && value !== null && 'start' in value && 'end' in value;
}

/** The value a rule parameter has now: the institution's override, else the pack's value. */
export function currentValue(
  rule: Rule,
  name: string,
  param: RuleParam,
  overrides: PackOverrides,
): ParamValue {
  return overrides[rule.id]?.[name] ?? param.value;
}

/**
 * True when the institution set this parameter to something other than the shipped value. The
 * server sends the rules with the settings applied, so the shipped value comes from `defaults`.
 */
export function isOverridden(
  rule: Rule,
  name: string,
  overrides: PackOverrides,
  defaults: PackDefaults | null,
): boolean {
  const value = overrides[rule.id]?.[name];
  if (value === undefined) return false;
  const shipped = defaultOf(defaults, rule.id, name);
  return shipped === undefined || !sameValue(value, shipped);
}

export function sameValue(a: ParamValue, b: ParamValue): boolean {
  if (isWindow(a) && isWindow(b)) return a.start === b.start && a.end === b.end;
  return a === b;
}

/** `3` or `22:00–08:00`. */
export function formatValue(value: ParamValue): string {
  return isWindow(value) ? `${value.start}–${value.end}` : String(value);
}

/** The parameters of the rule whose new value differs from the current one. */
export function changedParams(
  rule: Rule,
  overrides: PackOverrides,
  values: Record<string, ParamValue>,
): Record<string, ParamValue> {
  const changed: Record<string, ParamValue> = {};
  for (const [name, param] of Object.entries(rule.params)) {
    const next = values[name];
    if (next === undefined) continue;
    if (!sameValue(next, currentValue(rule, name, param, overrides))) changed[name] = next;
  }
  return changed;
}

/**
 * The whole overrides object to PUT after editing one rule: every other rule's overrides as
 * they are, this rule's existing overrides with the changed parameters on top. A parameter set
 * back to the shipped value (when known) is no longer an override, and a rule left without
 * overrides is left out.
 */
export function withRuleChanges(
  overrides: PackOverrides,
  ruleId: string,
  changes: Record<string, ParamValue>,
  defaults: PackDefaults | null = null,
): PackOverrides {
  const next: Record<string, ParamValue> = { ...(overrides[ruleId] ?? {}) };
  for (const [name, value] of Object.entries(changes)) {
    const shipped = defaultOf(defaults, ruleId, name);
    if (shipped !== undefined && sameValue(value, shipped)) delete next[name];
    else next[name] = value;
  }
  return withRuleOverrides(overrides, ruleId, next);
}

/** The overrides with one rule's replaced; an empty set removes the rule's entry. */
export function withRuleOverrides(
  overrides: PackOverrides,
  ruleId: string,
  ruleOverrides: Record<string, ParamValue>,
): PackOverrides {
  const { [ruleId]: _, ...others } = overrides;
  return Object.keys(ruleOverrides).length > 0 ? { ...others, [ruleId]: ruleOverrides } : others;
}

/** The overrides with one rule back on the pack's values (its entry removed). */
export function withoutRule(overrides: PackOverrides, ruleId: string): PackOverrides {
  return withRuleOverrides(overrides, ruleId, {});
}

/** True when the institution set any parameter of the rule. */
export function hasOverrides(overrides: PackOverrides, ruleId: string): boolean {
  return Object.keys(overrides[ruleId] ?? {}).length > 0;
}

/** How many parameters the institution set, over all rules. */
export function overrideCount(overrides: PackOverrides): number {
  return Object.values(overrides).reduce((n, params) => n + Object.keys(params).length, 0);
}

/** The rule id and parameter a refused-setting path ("cn.quiet-hours.quietWindow") names. */
export function paramOfPath(
  path: string,
  ruleIds: readonly string[],
): { ruleId: string; param: string } | null {
  const clean = path
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^(body\.)?(overrides\.)?/, '');
  // Rule ids contain dots themselves, so match the longest known id the path starts with.
  const ruleId = [...ruleIds]
    .sort((a, b) => b.length - a.length)
    .find((id) => clean === id || clean.startsWith(`${id}.`));
  if (!ruleId) return null;
  const param = clean.slice(ruleId.length + 1).split('.')[0] ?? '';
  return { ruleId, param };
}
