const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value has the shape of a uuid: ids from URLs, forms and the outbox's text column are checked
 * before they reach a uuid column, where PostgreSQL would refuse the cast with an error (a 500).
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
