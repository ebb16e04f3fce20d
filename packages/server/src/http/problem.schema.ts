import { z } from 'zod';

const Messages = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

/** The RFC 9457 problem body every error response carries (for the OpenAPI description). */
export const ProblemResponse = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    messages: Messages,
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: Messages })).optional(),
  })
  .loose();

/** Standard error responses for a route that needs a session. */
export const authErrors = {
  400: ProblemResponse,
  401: ProblemResponse,
  403: ProblemResponse,
} as const;
