import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type Express } from "express";
import { getLogger } from "./logger.server";
import { REQUEST_ID_HEADER } from "./request-id";

export interface HttpAppOptions {
  /** Returns the current server build; in development it changes on every rebuild. */
  getBuild: () => ServerBuild | Promise<ServerBuild>;
  mode: "development" | "production" | "test";
  publicDir: string;
}

/**
 * The Express app in front of Remix: request ids, one log line per request (status 499 when the client
 * went away first), static files, security headers. Every request gets a fresh id; one sent by the client is ignored so logs can be trusted.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback, linklocal, uniquelocal");

  app.use((req, res, next) => {
    const id = crypto.randomUUID();
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader("X-Request-Id", id);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });

  app.use((req, res, next) => {
    const started = performance.now();
    res.once("close", () => {
      const status = res.writableFinished ? res.statusCode : 499;
      const level = status >= 500 ? "error" : "info";
      getLogger()[level](
        {
          requestId: req.headers[REQUEST_ID_HEADER],
          method: req.method,
          path: req.originalUrl.split("?")[0],
          status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        "request",
      );
    });
    next();
  });

  // Fingerprinted build assets never change; everything else in public/ may.
  app.use(
    "/build",
    express.static(path.join(options.publicDir, "build"), { immutable: true, maxAge: "1y", fallthrough: false }),
  );
  app.use(express.static(options.publicDir, { maxAge: "1h", index: false }));

  app.all(
    "*",
    createRequestHandler({
      build: async () => options.getBuild(),
      mode: options.mode,
      getLoadContext: (req) => ({ requestId: req.headers[REQUEST_ID_HEADER] as string }),
    }),
  );
  return app;
}
