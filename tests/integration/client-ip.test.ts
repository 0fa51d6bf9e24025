import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import type { TrustProxy } from "~/lib/env.server";
import { createHttpApp } from "~/lib/http-server.server";
import { action as loginAction } from "~/routes/login";
import { IP_MAX_FAILURES, ipKey } from "~/services/throttle.server";
import { serverBuildWith } from "../support/server-build";

/**
 * The real Express layer in front of a one-route Remix build: its only route is the real sign-in action,
 * and the document it renders reports the client address Remix was given. So these tests see exactly
 * the address sign-in throttling uses.
 */
const buildWithSignIn = () =>
  serverBuildWith([], {
    root: { action: loginAction, default: () => null },
    document: (_request, status, headers, _entryContext, loadContext) =>
      new Response(JSON.stringify({ clientIp: loadContext.clientIp }), {
        status,
        headers: { ...Object.fromEntries(headers), "Content-Type": "application/json" },
      }),
  });

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function startApp(trustProxy?: TrustProxy): Promise<string> {
  const app = createHttpApp({ getBuild: buildWithSignIn, mode: "production", publicDir: "public", trustProxy });
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function clientIpSeen(base: string, forwardedFor: string): Promise<string> {
  const response = await fetch(`${base}/`, { headers: { "X-Forwarded-For": forwardedFor } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { clientIp: string }).clientIp;
}

async function failSignIn(base: string, forwardedFor: string, n: number) {
  return fetch(`${base}/`, {
    method: "POST",
    headers: { Origin: base, "X-Forwarded-For": forwardedFor, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: `nobody-${n}-${Date.now()}@example.com`, password: "wrong-password-1" }),
  });
}

const ipv4 = (ip: string) => ip.replace(/^::ffff:/, "");

describe("client address behind proxies", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    // The test connects from 127.0.0.1, which is not in this list.
    const base = await startApp(["192.0.2.1"]);
    expect(ipv4(await clientIpSeen(base, "203.0.113.50"))).toBe("127.0.0.1");
  });

  it("believes X-Forwarded-For from a trusted proxy (the default: loopback)", async () => {
    const base = await startApp();
    expect(await clientIpSeen(base, "203.0.113.51")).toBe("203.0.113.51");
    // Only the hop the trusted proxy added counts, not what the client wrote before it.
    expect(await clientIpSeen(base, "198.51.100.1, 203.0.113.52")).toBe("203.0.113.52");
  });

  it("by default trusts only loopback peers, not private or link-local networks", () => {
    const app = createHttpApp({ getBuild: buildWithSignIn, mode: "production", publicDir: "public" });
    const trusts = app.setting("trust proxy fn") as (address: string, hop: number) => boolean;
    expect(trusts("127.0.0.1", 0)).toBe(true);
    expect(trusts("::1", 0)).toBe(true);
    for (const address of ["10.0.0.5", "172.16.4.2", "192.168.1.20", "169.254.1.1", "fc00::1", "fe80::1", "8.8.8.8"]) {
      expect(trusts(address, 0), address).toBe(false);
    }
  });

  it("trusts exactly the configured addresses and CIDRs", () => {
    const app = createHttpApp({
      getBuild: buildWithSignIn,
      mode: "production",
      publicDir: "public",
      trustProxy: ["10.0.0.5", "192.168.0.0/24"],
    });
    const trusts = app.setting("trust proxy fn") as (address: string, hop: number) => boolean;
    expect(trusts("10.0.0.5", 0)).toBe(true);
    expect(trusts("10.0.0.6", 0)).toBe(false);
    expect(trusts("192.168.0.200", 0)).toBe(true);
    expect(trusts("192.168.1.1", 0)).toBe(false);
    expect(trusts("127.0.0.1", 0)).toBe(false);
  });

  it("with TRUST_PROXY=false every header is ignored", async () => {
    const base = await startApp(false);
    expect(ipv4(await clientIpSeen(base, "203.0.113.53"))).toBe("127.0.0.1");
  });

  it("throttles an untrusted peer by its own address however it forges X-Forwarded-For", async () => {
    const base = await startApp(["192.0.2.1"]);
    const peer = ipKey("127.0.0.1");
    const mappedPeer = ipKey("::ffff:127.0.0.1");
    await getDb().deleteFrom("authThrottle").where("key", "in", [peer, mappedPeer]).execute();
    for (let n = 0; n < IP_MAX_FAILURES; n += 1) {
      const response = await failSignIn(base, `203.0.113.${100 + n}`, n);
      expect(response.status).toBe(401);
    }
    const blocked = await failSignIn(base, "203.0.113.200", 99);
    expect(blocked.status).toBe(429);

    const rows = await getDb()
      .selectFrom("authThrottle")
      .select(["key", "blockedUntil"])
      .where("key", "like", "ip:%")
      .where((eb) => eb.or([eb("key", "like", "ip:203.0.113.%"), eb("key", "in", [peer, mappedPeer])]))
      .execute();
    expect(rows.map((r) => r.key)).toHaveLength(1);
    expect([peer, mappedPeer]).toContain(rows[0]!.key);
    expect(rows[0]!.blockedUntil).not.toBeNull();
  });
});
