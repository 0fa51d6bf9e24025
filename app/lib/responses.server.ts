import { data } from "@remix-run/node";
import { ServiceError, TooManyRequestsError, ValidationError } from "~/services/errors";
import { jsonResponse } from "./json-response.server";

/** The JSON API's error shape: `{ error: { code, message } }` with the matching status. */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers?: HeadersInit,
) {
  return jsonResponse({ error: { code, message, ...extra } }, { status, headers });
}

/** Turns a refused use case into an API response; anything unexpected is rethrown (a 500). */
export function apiErrorFromService(error: unknown): Response {
  if (error instanceof TooManyRequestsError) {
    return apiError(429, error.code, error.message, {}, { "Retry-After": String(error.retryAfterSeconds) });
  }
  if (error instanceof ValidationError) return apiError(400, error.code, error.message, { fields: error.fieldErrors });
  if (error instanceof ServiceError) return apiError(error.status, error.code, error.message);
  throw error;
}

export interface FormFailure {
  ok: false;
  /** Form field -> i18n keys of its problems. */
  fieldErrors: Record<string, string[]>;
  /** An i18n key (or plain message) for the whole form. */
  formError?: string;
  /** What the user typed, to refill the form (never passwords). */
  values?: Record<string, string>;
}

/**
 * Turns a refused use case into the data a page's action returns: field errors stay next to their
 * fields, other refusals become a form-level message; status codes are kept. Unexpected errors are
 * rethrown to the error boundary.
 */
export function formFailureFromService(error: unknown, values?: Record<string, string>) {
  if (error instanceof ValidationError) {
    return data<FormFailure>({ ok: false, fieldErrors: error.fieldErrors, values }, { status: 400 });
  }
  if (error instanceof TooManyRequestsError) {
    return data<FormFailure>(
      { ok: false, fieldErrors: {}, formError: `errors:${error.code}`, values },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  if (error instanceof ServiceError) {
    return data<FormFailure>(
      { ok: false, fieldErrors: {}, formError: `errors:${error.code}`, values },
      { status: error.status },
    );
  }
  throw error;
}

export function formFailure(fieldErrors: Record<string, string[]>, values?: Record<string, string>, status = 400) {
  return data<FormFailure>({ ok: false, fieldErrors, values }, { status });
}

/** For loaders: a refused use case becomes an error page with its status (404, 403...). */
export function rethrowAsResponse(error: unknown): never {
  if (error instanceof ServiceError) throw new Response(error.message, { status: error.status });
  throw error;
}
