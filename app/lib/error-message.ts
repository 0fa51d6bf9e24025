/** The most useful one-line message inside whatever was thrown (pg throws AggregateErrors). */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return errorMessage(error.errors[0]);
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
