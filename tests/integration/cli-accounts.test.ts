import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "~/lib/db.server";
import { validateApiToken } from "~/lib/api-token.server";
import { findSubsidiary } from "~/models/subsidiary.server";
import { getUserByEmail } from "~/models/user.server";
import { main as createSubsidiaryCli } from "../../scripts/subsidiary-create";
import { main as createTokenCli } from "../../scripts/token-create";
import { main as createUserCli } from "../../scripts/user-create";
import { CliError } from "../../scripts/lib/cli";

let output: string[];
beforeEach(() => {
  output = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
});
afterEach(() => vi.restoreAllMocks());

const code = () => `C${Date.now().toString(36).slice(-5).toUpperCase()}`;

describe("npm run subsidiary:create", () => {
  it("creates once and is idempotent by code", async () => {
    const c = code();
    expect(
      await createSubsidiaryCli([
        "--name",
        "Nanjing Design Institute",
        "--name-zh",
        "南京设计院",
        "--code",
        c.toLowerCase(),
        "--hq",
      ]),
    ).toBe(0);
    expect(await findSubsidiary(getDb(), c)).toMatchObject({ code: c, nameZh: "南京设计院", isHeadquarters: true });
    expect(await createSubsidiaryCli(["--name", "Nanjing Design Institute", "--code", c])).toBe(0);
    expect(output.at(-1)).toMatch(/already exists; nothing changed/);
  });

  it.each([
    [["--name", "X"], /--name and --code are required/],
    [["--name", "X", "--code", "!"], /--code must be/],
    [["--bogus"], /Unknown option/],
  ])("refuses %j", async (args, message) => {
    await expect(createSubsidiaryCli(args)).rejects.toThrow(CliError);
    await expect(createSubsidiaryCli(args)).rejects.toThrow(message);
  });
});

describe("npm run user:create and token:create", () => {
  it("create the first admin, refuse weak passwords, stay idempotent, and print a working token", async () => {
    const c = code();
    await createSubsidiaryCli(["--name", `HQ ${c}`, "--code", c, "--hq"]);
    const email = `admin-${c.toLowerCase()}@example.com`;
    await expect(
      createUserCli(
        ["--email", email, "--name", "A", "--subsidiary", c, "--role", "admin", "--password", "password123"],
        { isTTY: false },
      ),
    ).rejects.toThrow(/refusing the password: too common/);
    await expect(
      createUserCli(["--email", email, "--name", "A", "--subsidiary", c, "--role", "admin"], { isTTY: false }),
    ).rejects.toThrow(/--password is required/);
    expect(
      await createUserCli(
        [
          "--email",
          email,
          "--name",
          "Ada Admin",
          "--subsidiary",
          `hq ${c}`,
          "--role",
          "admin",
          "--password",
          "Mosaic-Harbor-Falcon-88",
        ],
        { isTTY: false },
      ),
    ).toBe(0);
    expect(await getUserByEmail(getDb(), email)).toMatchObject({ role: "admin", displayName: "Ada Admin" });
    expect(
      await createUserCli(
        [
          "--email",
          email.toUpperCase(),
          "--name",
          "Other",
          "--subsidiary",
          c,
          "--role",
          "member",
          "--password",
          "Mosaic-Harbor-Falcon-88",
        ],
        { isTTY: false },
      ),
    ).toBe(0);
    expect(output.at(-1)).toMatch(/already exists/);
    expect((await getUserByEmail(getDb(), email))?.role).toBe("admin");

    expect(await createTokenCli(["--email", email, "--label", "deploy", "--expires-days", "30"])).toBe(0);
    const token = output.at(-1)!;
    expect((await validateApiToken(getDb(), token))?.user.email).toBe(email);
  });

  it.each([
    [["--email", "x@example.com"], /are required/],
    [
      [
        "--email",
        "x@example.com",
        "--name",
        "X",
        "--subsidiary",
        "NOPE-NOPE",
        "--role",
        "member",
        "--password",
        "Mosaic-Harbor-Falcon-88",
      ],
      /unknown subsidiary "NOPE-NOPE"/,
    ],
    [["--email", "x@example.com", "--name", "X", "--subsidiary", "HQ", "--role", "king"], /--role must be one of/],
    [["--email", "not-an-email", "--name", "X", "--subsidiary", "HQ", "--role", "member"], /is not an email/],
  ])("user:create refuses %j", async (args, message) => {
    await expect(createUserCli(args, { isTTY: false })).rejects.toThrow(message);
  });

  it("token:create refuses an unknown user and a bad expiry", async () => {
    await expect(createTokenCli(["--email", "ghost@example.com"])).rejects.toThrow(/no user with email/);
    await expect(createTokenCli(["--email", "ghost@example.com", "--expires-days", "0"])).rejects.toThrow(
      /--expires-days must be/,
    );
  });
});
