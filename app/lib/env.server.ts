import { isIP } from "node:net";
import { z } from "zod";

/**
 * Every setting the portal reads from the environment, validated once. The README's configuration
 * table lists the same variables; keep the two in step.
 */
const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "must be true or false",
  })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/**
 * Which peers may set X-Forwarded-For (Express's "trust proxy"). Only addresses listed here are believed
 * about the client's address, which per-IP throttling depends on; trusting a whole private network would
 * let anyone on it pick a fresh address for every attempt.
 */
export type TrustProxy = false | number | string[];

const TRUST_PROXY_PRESETS = new Set(["loopback", "linklocal", "uniquelocal"]);
const TRUST_PROXY_HINT =
  'must be "false", a hop count (e.g. 1), or a comma-separated list of addresses, CIDRs and the names ' +
  "loopback, linklocal, uniquelocal (e.g. loopback,10.0.0.5,192.168.1.0/24)";

function isTrustProxyEntry(entry: string): boolean {
  if (TRUST_PROXY_PRESETS.has(entry)) return true;
  const [address = "", prefix, extra] = entry.split("/");
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxySetting = z
  .string()
  .default("loopback")
  .transform((raw, ctx): TrustProxy => {
    const value = raw.trim().toLowerCase();
    if (value === "false" || value === "none") return false;
    if (value === "true") {
      ctx.addIssue({
        code: "custom",
        message: "must not be true: that believes X-Forwarded-For from anyone; give the proxy's address or a hop count",
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 20) {
        ctx.addIssue({ code: "custom", message: "must be a hop count between 0 and 20" });
        return z.NEVER;
      }
      return hops === 0 ? false : hops;
    }
    const entries = value.split(",").map((e) => e.trim());
    if (entries.length === 0 || !entries.every(isTrustProxyEntry)) {
      ctx.addIssue({ code: "custom", message: TRUST_PROXY_HINT });
      return z.NEVER;
    }
    return entries;
  });

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  TRUST_PROXY: trustProxySetting,
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || isPostgresUrl(v), {
      message: "must be a postgres:// or postgresql:// URL, e.g. postgres://user:pass@host:5432/db",
    }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_PREPARED_STATEMENTS: booleanish.default(true),
  MEILI_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || isHttpUrl(v), {
      message: "must be an http:// or https:// URL, e.g. http://127.0.0.1:7700",
    }),
  MEILI_API_KEY: z.string().optional(),
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]*$/, "may contain only letters, digits, - and _")
    .default(""),
  MEILI_BINARY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DEMO: booleanish.default(true),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  PUBLIC_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || isHttpUrl(v), { message: "must be an http:// or https:// URL" }),
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^smtps?:\/\//.test(v), { message: "must be an smtp:// or smtps:// URL" }),
  MAIL_FROM: z.string().default("Solutions Exchange <no-reply@localhost>"),
  SIGNUP_EMAIL_DOMAINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
        .filter(Boolean),
    )
    .refine((domains) => domains.every((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/.test(d)), {
      message: "must be a comma-separated list of domains, e.g. example.com,example.cn",
    }),
});

export type Env = z.infer<typeof EnvSchema>;

/** The variable names, for the test that keeps the README's configuration table in step. */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape) as (keyof Env)[];

/** A configuration problem, reported at start-up as one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable} ${detail}`);
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Parses an environment; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const value = cleaned[variable];
    const shown = value === undefined || /KEY|PASSWORD|SECRET/.test(variable) ? "" : ` (got "${redactUrl(value)}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  return result.data;
}

/** Hides the password part of a URL before it is printed. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return value;
  }
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forget the cached environment; tests that change process.env call this. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** The few settings the browser may see, sent through the root loader. */
export function getPublicEnv() {
  const env = getEnv();
  return { mode: env.NODE_ENV };
}
