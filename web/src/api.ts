// The center's API (/api/v1, documented in /api/v1/openapi.json): one fetch wrapper that adds
// the token and turns every failure into an ApiError whose message is a sentence for people.
import { token, signOut } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

// `/api/v1` + path + the query's non-empty values.
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '' && v !== false) params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

async function errorOf(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body?.error?.message) message = body.error.message;
  } catch {
    // Not JSON: keep the status line.
  }
  if (response.status === 401) signOut(`Signed out: ${message}`);
  return new ApiError(response.status, message);
}

// Sends a request; JSON bodies are serialised, strings are sent as they are.
export async function request(
  method: string,
  path: string,
  options: { query?: Query; body?: unknown; bearer?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const bearer = options.bearer ?? token.value;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let body: BodyInit | undefined;
  if (typeof options.body === 'string') {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body });
  } catch (e) {
    throw new ApiError(0, `The center did not answer (${(e as Error).message}).`);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function getJson<T>(path: string, query?: Query): Promise<T> {
  return (await request('GET', path, { query })).json() as Promise<T>;
}

export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, { body });
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}
