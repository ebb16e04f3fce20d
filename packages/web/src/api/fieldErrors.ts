import { ApiError } from './ApiError';
import type { Locale } from './types';

/** A form field and the messages to show under it (antd `form.setFields` shape). */
export interface FieldErrorEntry<Field extends string> {
  name: Field;
  errors: string[];
}

/**
 * Maps a problem's field errors (and codes that concern one field, such as
 * USERNAME_TAKEN → username) onto form fields. Paths may come as "username",
 * "/username" or "body.username"; the first segment naming a known field wins.
 */
export function fieldErrorsOf<Field extends string>(
  error: unknown,
  locale: Locale,
  fields: readonly Field[],
  fieldForCode: Partial<Record<string, Field>> = {},
): FieldErrorEntry<Field>[] {
  if (!(error instanceof ApiError)) return [];
  const byField = new Map<Field, string[]>();
  const add = (field: Field, text: string | null | undefined) => {
    if (!text) return;
    byField.set(field, [...(byField.get(field) ?? []), text]);
  };
  for (const problem of error.fieldErrors) {
    const segments = problem.path.split(/[./[\]]+/).filter(Boolean);
    const field = segments.find((s): s is Field => (fields as readonly string[]).includes(s));
    if (field) add(field, problem.message[locale] ?? problem.message['zh-CN'] ?? problem.code);
  }
  const codeField = error.code ? fieldForCode[error.code] : undefined;
  if (codeField && !byField.has(codeField)) add(codeField, error.messageIn(locale));
  return [...byField].map(([name, errors]) => ({ name, errors }));
}
