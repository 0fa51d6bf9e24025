/**
 * What a use case can refuse, independent of HTTP. Routes turn these into responses: pages show the
 * message (translated by `code`), the JSON API returns `{ error: { code, message } }`.
 */
export class ServiceError extends Error {
  override name = "ServiceError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class NotFoundError extends ServiceError {
  constructor(message = "Not found.") {
    super(404, "not_found", message);
  }
}

export class ForbiddenError extends ServiceError {
  constructor(message = "You are not allowed to do that.", code = "forbidden") {
    super(403, code, message);
  }
}

/** Invalid input; `fieldErrors` maps a form field to i18n keys of its problems. */
export class ValidationError extends ServiceError {
  constructor(
    readonly fieldErrors: Record<string, string[]>,
    message = "Some fields need attention.",
    code = "invalid",
  ) {
    super(400, code, message, { fieldErrors });
  }
}

export class ConflictError extends ServiceError {
  constructor(message: string, code = "conflict", details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}

export class TooManyRequestsError extends ServiceError {
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many attempts; try again later.",
  ) {
    super(429, "too_many_requests", message, { retryAfterSeconds });
  }
}
