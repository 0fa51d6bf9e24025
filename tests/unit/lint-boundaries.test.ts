import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("server code stays out of the browser bundle", () => {
  it.each([
    ["app/components/widget.tsx", 'import { getDb } from "~/lib/db.server";\nexport const x = getDb;\n'],
    ["app/components/widget.tsx", 'import pg from "pg";\nexport const x = pg;\n'],
    ["app/routes/page.tsx", 'import { Meilisearch } from "meilisearch";\nexport const x = Meilisearch;\n'],
    [
      "app/routes/page.tsx",
      'import { createDatabase } from "../../db/connection";\nexport const x = createDatabase;\n',
    ],
    ["app/policies/solution.ts", 'import { hash } from "@node-rs/argon2";\nexport const x = hash;\n'],
    ["app/lib/format.ts", 'import { getEnv } from "./env.server";\nexport const x = getEnv;\n'],
  ])("%s may not import server-only code (%#)", async (file, code) => {
    expect(await restrictedImportMessages(file, code)).toHaveLength(1);
  });

  it.each([
    ["app/routes/page.tsx", 'import { getDb } from "~/lib/db.server";\nexport const x = getDb;\n'],
    [
      "app/lib/db.server.ts",
      'import { createDatabase } from "../../db/connection";\nexport const x = createDatabase;\n',
    ],
    [
      "app/components/widget.tsx",
      'import { safeRedirect } from "~/lib/safe-redirect";\nexport const x = safeRedirect;\n',
    ],
  ])("%s may import what it needs (%#)", async (file, code) => {
    expect(await restrictedImportMessages(file, code)).toEqual([]);
  });
});

describe("components keep zod out of the browser bundle", () => {
  it.each([
    'import { z } from "zod";\nexport const x = z;\n',
    'import { RecordReuseSchema } from "~/lib/schemas/reuse";\nexport const x = RecordReuseSchema;\n',
  ])("a component may not import %j", async (code) => {
    expect(await restrictedImportMessages("app/components/widget.tsx", code)).toHaveLength(1);
  });

  it("may import field limits from their zod-free module", async () => {
    const code = 'import { REUSE_LIMITS } from "~/lib/reuse-fields";\nexport const x = REUSE_LIMITS;\n';
    expect(await restrictedImportMessages("app/components/widget.tsx", code)).toEqual([]);
  });
});
