import { ApiError } from '../api/ApiError';
import type { ProblemDetails } from '../api/types';
import { currentLocale } from '../i18n/i18n';

/**
 * Downloads GET /api/v1/analytics/export as the file the server names (content-disposition),
 * through fetch so the button can show it is working and a refusal shows as an error.
 */
export async function downloadExport(query: Record<string, string | number | undefined>): Promise<string> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1/analytics/export?${params}`, {
      credentials: 'same-origin',
      headers: { 'accept-language': currentLocale() },
    });
  } catch {
    throw new ApiError('network', 0, null);
  }
  if (!response.ok) {
    let problem: ProblemDetails | null = null;
    try {
      problem = (await response.json()) as ProblemDetails;
    } catch {
      problem = null;
    }
    throw new ApiError(problem ? 'problem' : 'unexpected', response.status, problem);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `huikuan-${query.report}.${query.format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the browser has taken the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
