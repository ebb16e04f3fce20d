import { currentLocale } from '../i18n/i18n';
import { ApiError } from './ApiError';
import type { ProblemDetails } from './types';

const CSRF_COOKIE = 'hk_csrf';

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export interface UploadOptions {
  /** Extra form fields sent with the file. */
  fields?: Record<string, string>;
  /** Called as the bytes go up: loaded and total bytes. */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one file as multipart/form-data (field "file") with the CSRF token and UI
 * language. Uses XMLHttpRequest because fetch cannot report upload progress. Resolves
 * with the JSON body or rejects with an {@link ApiError} like `apiRequest` does.
 */
export function uploadFile<T>(path: string, file: File, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(options.fields ?? {})) form.append(key, value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('accept-language', currentLocale());
    const token = readCookie(CSRF_COOKIE);
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError('network', 0, null));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body !== null) {
        resolve(body as T);
        return;
      }
      const problem =
        typeof body === 'object' && body !== null
          ? ({
              ...(body as ProblemDetails),
              status: (body as ProblemDetails).status ?? xhr.status,
            } as ProblemDetails)
          : null;
      reject(
        new ApiError(problem?.messages || problem?.code ? 'problem' : 'unexpected', xhr.status, problem),
      );
    };
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}
