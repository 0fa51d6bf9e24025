import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, redactUrl } from "~/lib/env.server";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: "./data",
      DATABASE_POOL_SIZE: 10,
      MEILI_INDEX_PREFIX: "",
      LOG_LEVEL: "info",
      DEMO: true,
      NODE_ENV: "production",
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.MEILI_URL).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: " " }).PORT).toBe(3000);
  });

  it.each([
    ["PORT", "abc", /^PORT must be a port number/],
    ["PORT", "70000", /^PORT must be between 1 and 65535/],
    ["PORT", "3000.5", /^PORT must be a whole number/],
    ["DATABASE_URL", "mysql://x@y/z", /^DATABASE_URL must be a postgres:\/\//],
    ["DATABASE_URL", "not a url", /^DATABASE_URL must be a postgres:\/\//],
    ["MEILI_URL", "127.0.0.1:7700", /^MEILI_URL must be an http/],
    ["LOG_LEVEL", "loud", /^LOG_LEVEL /],
    ["DEMO", "maybe", /^DEMO must be true or false/],
    ["MEILI_INDEX_PREFIX", "a b", /^MEILI_INDEX_PREFIX may contain only/],
  ])("rejects %s=%s with a message naming the variable", (variable, value, message) => {
    const parse = () => parseEnv({ [variable]: value });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(message);
  });

  it("never prints a database password in an error", () => {
    try {
      parseEnv({ DATABASE_URL: "postgres://u:secret@h/db", PORT: "x" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("secret");
    }
  });

  it("parses booleans", () => {
    expect(parseEnv({ DEMO: "false" }).DEMO).toBe(false);
    expect(parseEnv({ DEMO: "1" }).DEMO).toBe(true);
  });
});

describe("TRUST_PROXY", () => {
  it("defaults to loopback only", () => {
    expect(parseEnv({}).TRUST_PROXY).toEqual(["loopback"]);
  });

  it.each([
    ["false", false],
    ["none", false],
    ["0", false],
    ["1", 1],
    ["2", 2],
    ["loopback", ["loopback"]],
    ["10.0.0.5", ["10.0.0.5"]],
    [" loopback , 10.0.0.0/8,192.168.1.0/24 ", ["loopback", "10.0.0.0/8", "192.168.1.0/24"]],
    ["uniquelocal", ["uniquelocal"]],
    ["::1,fd00::/8", ["::1", "fd00::/8"]],
    ["LOOPBACK", ["loopback"]],
  ])("accepts %j", (value, expected) => {
    expect(parseEnv({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each([
    ["true", /^TRUST_PROXY must not be true/],
    ["21", /^TRUST_PROXY must be a hop count between 0 and 20/],
    ["10.0.0", /^TRUST_PROXY must be "false", a hop count/],
    ["10.0.0.0/33", /^TRUST_PROXY must be "false", a hop count/],
    ["fd00::/129", /^TRUST_PROXY must be "false", a hop count/],
    ["10.0.0.0/8/1", /^TRUST_PROXY must be "false", a hop count/],
    ["loopback,", /^TRUST_PROXY must be "false", a hop count/],
    ["proxy.example.com", /^TRUST_PROXY must be "false", a hop count/],
    ["-1", /^TRUST_PROXY must be "false", a hop count/],
  ])("rejects %j with a message naming the variable", (value, message) => {
    const parse = () => parseEnv({ TRUST_PROXY: value });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(message);
  });
});

describe("redactUrl", () => {
  it("hides the password", () => {
    expect(redactUrl("postgres://user:hunter2@db:5432/x")).toBe("postgres://user:****@db:5432/x");
  });
  it("leaves URLs without a password alone", () => {
    expect(redactUrl("postgres://db/x")).toBe("postgres://db/x");
  });
});
