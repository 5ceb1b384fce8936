// The one way the web application talks to the server: same-origin fetch with the session
// cookie, JSON both ways, the CSRF token on every non-GET request, and errors as ApiError.
import type { Bilingual, Dashboard, Department, ErrorBody, Region, Session } from './types.js';

export type Language = 'zh-CN' | 'en';

/** An error the API answered with (or a failure to reach it), in both languages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Bilingual,
    readonly details?: unknown,
  ) {
    super(messages.en || messages.zh);
    this.name = 'ApiError';
  }

  /** The message in the given language. */
  text(lang: Language): string {
    return lang === 'en' ? this.messages.en || this.messages.zh : this.messages.zh || this.messages.en;
  }
}

/** Status 0: the request never got an answer. */
export const NETWORK_ERROR_CODE = 'network_error';

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** The message of any error in the given language. */
export function errorText(error: unknown, lang: Language): string {
  if (error instanceof ApiError) return error.text(lang);
  if (error instanceof Error) return error.message;
  return String(error);
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    typeof code === 'string' && typeof message === 'object' && message !== null && typeof (message as Bilingual).zh === 'string' && typeof (message as Bilingual).en === 'string'
  );
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remember the token from the sign-in or session answer; it goes with every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when the API answers 401 to a request made while signed in (the session ended). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export interface RequestOptions {
  /** A 401 is an expected answer (sign-in, session probe): do not treat it as a lost session. */
  expectUnauthorized?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method.toUpperCase() !== 'GET' && method.toUpperCase() !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, NETWORK_ERROR_CODE, {
      zh: '无法连接服务器，请检查网络后重试。',
      en: 'Cannot reach the server. Check the network and try again.',
    });
  }

  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (response.ok) {
    if (response.status === 204 || !text) return undefined as T;
    if (data === undefined) {
      throw new ApiError(response.status, 'bad_response', {
        zh: `服务器返回了无法识别的响应（HTTP ${response.status}）。`,
        en: `The server sent a response that could not be read (HTTP ${response.status}).`,
      });
    }
    return data as T;
  }

  const error = isErrorBody(data)
    ? new ApiError(response.status, data.error.code, data.error.message, data.error.details)
    : new ApiError(response.status, `http_${response.status}`, {
        zh: `请求失败（HTTP ${response.status}）。`,
        en: `The request failed (HTTP ${response.status}).`,
      });
  if (response.status === 401 && !options.expectUnauthorized) {
    csrfToken = null;
    unauthorizedHandler?.();
  }
  throw error;
}

export const api = {
  login: (username: string, password: string) => request<Session>('POST', '/api/auth/login', { username, password }, { expectUnauthorized: true }),
  logout: () => request<void>('POST', '/api/auth/logout', undefined, { expectUnauthorized: true }),
  me: () => request<Session>('GET', '/api/auth/me', undefined, { expectUnauthorized: true }),
  dashboard: (signal?: AbortSignal) => request<Dashboard>('GET', '/api/dashboard', undefined, { signal }),
  regions: (signal?: AbortSignal) => request<{ items: Region[] }>('GET', '/api/org/regions', undefined, { signal }),
  departments: (signal?: AbortSignal) => request<{ items: Department[] }>('GET', '/api/org/departments', undefined, { signal }),
};
