import { ApiError } from '../api/ApiError';
import type { Locale } from '../api/types';

/** A form field path of the start form: ['code'], ['variants', 0, 'sharePercent'], … */
export type StartFieldPath = (string | number)[];

export interface StartFormErrors {
  /** Errors that belong to one field. */
  fields: { name: StartFieldPath; errors: string[] }[];
  /** Errors about the variants as a whole (the shares do not add up, too few arms). */
  variants: string[];
  /** Errors whose path is no field of the form. */
  other: string[];
}

/** The server's field names → the form's (shares are typed in percent, sent in basis points). */
const VARIANT_FIELDS: Record<string, string> = {
  id: 'id',
  shareBps: 'sharePercent',
  strategyVersionId: 'strategyVersionId',
};
const TOP_FIELDS: Record<string, string> = {
  code: 'code',
  // The domain validates the experiment's id, which is the code.
  id: 'code',
  segmentCode: 'segmentCode',
  holdoutShareBps: 'holdoutPercent',
};

function pathOf(path: string): StartFieldPath | 'variants' | null {
  const segments = path.split(/[./[\]]+/).filter(Boolean);
  if (segments[0] === 'body') segments.shift();
  const [first, index, field] = segments;
  if (first === 'variants') {
    const row = index === undefined ? Number.NaN : Number(index);
    const name = field ? VARIANT_FIELDS[field] : undefined;
    if (Number.isInteger(row) && name) return ['variants', row, name];
    return 'variants';
  }
  const top = first ? TOP_FIELDS[first] : undefined;
  return top && segments.length === 1 ? [top] : null;
}

/**
 * Maps a refused start (422 EXPERIMENT_INVALID, 400 VALIDATION_FAILED) onto the start form:
 * paths such as "variants", "variants[1].shareBps", "variants.0.strategyVersionId" or
 * "body.code". Null when the error names no field of the form (show it as an alert).
 */
export function startFormErrorsOf(error: unknown, locale: Locale): StartFormErrors | null {
  if (!(error instanceof ApiError)) return null;
  const fields = new Map<string, { name: StartFieldPath; errors: string[] }>();
  const variants: string[] = [];
  const other: string[] = [];
  for (const problem of error.fieldErrors) {
    const text =
      problem.message[locale] ?? problem.message['zh-CN'] ?? problem.message['en-US'] ?? problem.code;
    const target = pathOf(problem.path);
    if (target === null) {
      other.push(text);
      continue;
    }
    if (target === 'variants') {
      variants.push(text);
      continue;
    }
    const key = target.join('.');
    const entry = fields.get(key) ?? { name: target, errors: [] };
    entry.errors.push(text);
    fields.set(key, entry);
  }
  if (fields.size === 0 && variants.length === 0) return null;
  return { fields: [...fields.values()], variants, other };
}
