import { spawn } from "node:child_process";
import path from "node:path";
import type { Page } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export const ADMIN_PASSWORD = "Obsidian-Lighthouse-Maple-63";

/** Runs one of the project's CLI commands against a database, like an operator would. */
export async function runCli(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${script} ${args.join(" ")} exited ${code}: ${out}`);
  return out.trim();
}

/** A headquarters and its first admin, created with the bootstrap CLI. */
export async function bootstrapAdmin(databaseUrl: string, email = "admin@example.com") {
  const env = { DATABASE_URL: databaseUrl };
  await runCli(
    "subsidiary-create",
    ["--name", "Group Headquarters", "--name-zh", "集团总部", "--code", "HQ", "--hq"],
    env,
  );
  await runCli(
    "user-create",
    ["--email", email, "--name", "Ada Admin", "--subsidiary", "HQ", "--role", "admin", "--password", ADMIN_PASSWORD],
    env,
  );
  return { email, password: ADMIN_PASSWORD };
}

export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}
