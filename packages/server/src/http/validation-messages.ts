/**
 * Bilingual messages for request-validation issues (zod issue codes), so a field error
 * reads well in both languages without exposing the submitted value.
 */
import { bilingualMessage, ERROR_MESSAGES, type ErrorCode, type Locale } from '@huikuan/domain';

type Issue = {
  code?: string;
  keys?: string[];
  expected?: string;
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
};

export function validationMessage(issue: Issue): Record<Locale, string> {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = (issue.keys ?? []).join(', ');
      return { 'zh-CN': `不允许的字段:${keys}`, 'en-US': `Unknown field(s): ${keys}` };
    }
    case 'invalid_type':
      return issue.expected
        ? { 'zh-CN': `类型错误,应为 ${issue.expected}`, 'en-US': `Wrong type; expected ${issue.expected}` }
        : { 'zh-CN': '类型错误', 'en-US': 'Wrong type' };
    case 'too_small':
      return {
        'zh-CN': `过短或过小(最小 ${String(issue.minimum)})`,
        'en-US': `Too short or small (minimum ${String(issue.minimum)})`,
      };
    case 'too_big':
      return {
        'zh-CN': `过长或过大(最大 ${String(issue.maximum)})`,
        'en-US': `Too long or large (maximum ${String(issue.maximum)})`,
      };
    case 'invalid_format':
      return {
        'zh-CN': `格式不正确(${issue.format ?? ''})`,
        'en-US': `Invalid format (${issue.format ?? ''})`,
      };
    case 'invalid_value':
      return { 'zh-CN': '取值不在允许范围内', 'en-US': 'Value is not one of the allowed values' };
    default:
      return { 'zh-CN': '取值无效', 'en-US': 'Invalid value' };
  }
}

/**
 * The code and message of one request-validation issue: a refinement that carries one of
 * our error codes (`params.code`, as the ingest records do) keeps that code and its
 * bilingual message; any other issue is described by its zod issue code.
 */
export function validationDetail(
  keyword: string,
  params: Record<string, unknown> | undefined,
): { code: string; message: Record<Locale, string> } {
  const refinement = params?.params as { code?: unknown } | undefined;
  if (keyword === 'custom' && typeof refinement?.code === 'string' && refinement.code in ERROR_MESSAGES) {
    const { code, ...rest } = refinement as { code: ErrorCode } & Record<string, unknown>;
    return { code, message: bilingualMessage(code, rest) };
  }
  return { code: keyword, message: validationMessage({ code: keyword, ...(params ?? {}) }) };
}
