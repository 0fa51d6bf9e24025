/**
 * One instance per process. The start script and the Remix server build each bundle their own copy of
 * app modules, and the dev server re-imports the build on every change; keeping process-wide resources
 * (database pool, Meilisearch client, logger) on globalThis makes every copy share one instance.
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __solutionsExchange?: Map<string, unknown> };
  store.__solutionsExchange ??= new Map();
  if (!store.__solutionsExchange.has(name)) store.__solutionsExchange.set(name, create());
  return store.__solutionsExchange.get(name) as T;
}

export function setSingleton<T>(name: string, value: T): void {
  const store = globalThis as unknown as { __solutionsExchange?: Map<string, unknown> };
  store.__solutionsExchange ??= new Map();
  store.__solutionsExchange.set(name, value);
}

export function clearSingleton(name: string): void {
  const store = globalThis as unknown as { __solutionsExchange?: Map<string, unknown> };
  store.__solutionsExchange?.delete(name);
}
