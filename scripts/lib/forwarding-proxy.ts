import { spawn } from "node:child_process";
import http from "node:http";
import { pathToFileURL } from "node:url";

/**
 * The floor under any search portal on a machine: a process of its own that forwards a client's
 * multi-search to Meilisearch and pipes the answer back, doing nothing else (no token, no parsing, no
 * permission check, no reshaping). `bench:search` measures it against raw Meilisearch so that its
 * report can tell the cost of the extra HTTP hop and process wake-ups, which any design with a server
 * between the browser and Meilisearch pays, from the cost of the portal's own work.
 */
export interface ForwardingProxy {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const READY = "forwarding-proxy listening on ";

export async function startForwardingProxy(target: { url: string; apiKey: string }): Promise<ForwardingProxy> {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename], {
    env: { ...process.env, PROXY_TARGET_URL: target.url, PROXY_TARGET_KEY: target.apiKey },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const line = output.split("\n").find((l) => l.startsWith(READY));
      if (line) resolve(line.slice(READY.length).trim());
    });
    child.once("exit", (code) => reject(new Error(`the forwarding proxy exited (${code}) before listening`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The proxy itself: every request's body goes to Meilisearch's /multi-search over a kept-alive connection. */
function serve(targetUrl: string, apiKey: string): void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const upstreamUrl = new URL("/multi-search", targetUrl);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        upstreamUrl,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": String(body.length),
            authorization: `Bearer ${apiKey}`,
          },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, { "content-type": answer.headers["content-type"] ?? "" });
          answer.pipe(res);
        },
      );
      upstream.on("error", (error) => res.writeHead(502).end(error.message));
      upstream.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address() as { port: number };
    process.stdout.write(`${READY}http://127.0.0.1:${address.port}\n`);
  });
  process.once("SIGTERM", () => {
    server.close(() => process.exit(0));
    // A client that keeps its connection busy must not keep the proxy alive.
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const targetUrl = process.env.PROXY_TARGET_URL;
  const apiKey = process.env.PROXY_TARGET_KEY;
  if (!targetUrl || !apiKey) throw new Error("PROXY_TARGET_URL and PROXY_TARGET_KEY are required");
  serve(targetUrl, apiKey);
}
