import crypto from "node:crypto";
import pg from "pg";

/**
 * Test runs get a throwaway database on the local PostgreSQL (or the server in TEST_DATABASE_URL)
 * with a unique name, so two runs at the same time never meet. Test files each get their own schema
 * inside it, so files running in parallel never see each other's rows.
 */
export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
}

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** Creates a throwaway database; TEST_DATABASE_URL is used as it is (we may not create databases there). */
export async function createThrowawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, drop: async () => {} };
  const name = uniqueName("sx_test");
  await adminQuery(`create database "${name}"`);
  return {
    url: withDatabase(serverUrl(), name),
    drop: () => adminQuery(`drop database if exists "${name}" with (force)`),
  };
}

export async function createSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create schema "${schema}"`);
  } finally {
    await client.end();
  }
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
