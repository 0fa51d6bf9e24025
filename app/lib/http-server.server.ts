import crypto from "node:crypto";
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { callApiLoader, createApiRouteMatcher, type ApiRouteMatch } from "./api-routes.server";
import { rememberApiTokenCheck, startSpeculation, type Speculate } from "./api-speculation.server";
import { bearerToken } from "./api-token.server";
import { getEnv, type TrustProxy } from "./env.server";
import { fetchUrlOf, sendFetchResponse, toFetchRequest } from "./fetch-bridge.server";
import { createI18n, type Locale } from "./i18n";
import { detectLocaleFromHeaders } from "./locale.server";
import { getLogger } from "./logger.server";
import { REQUEST_ID_HEADER } from "./request-id";
import { ANONYMOUS, authenticate, isApiPath, isSameSiteRequest, type RequestAuth } from "./request-context.server";

export interface HttpAppOptions {
  /** Returns the current server build; in development it changes on every rebuild. */
  getBuild: () => ServerBuild | Promise<ServerBuild>;
  mode: "development" | "production" | "test";
  publicDir: string;
  /** Peers whose X-Forwarded-For is believed; defaults to the TRUST_PROXY setting. */
  trustProxy?: TrustProxy;
}

/**
 * The Express app in front of Remix: request ids, one log line per request (status 499 when the client
 * went away first), static files, security headers. Every request gets a fresh id; one sent by the
 * client is ignored so logs can be trusted. API reads with a token take a shorter way to their loader
 * (`answerTokenApiReads`); everything else goes through Express.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const app = createExpressApp(options);
  const listener = answerTokenApiReads(app.express, app.remix);
  return Object.assign(listener, {
    listen: (port: number, host: string) => http.createServer(listener).listen(port, host),
    setting: (name: string): unknown => app.express.get(name),
  });
}

/** The request listener to serve; `listen` and Express's settings for tests. */
export interface HttpApp extends RequestListener {
  listen(port: number, host: string): http.Server;
  setting(name: string): unknown;
}

interface RemixHandlers {
  build: ServerBuild;
  handle: ReturnType<typeof createRequestHandler>;
  matchApi: ReturnType<typeof createApiRouteMatcher>;
}

function createExpressApp(options: HttpAppOptions): { express: Express; remix: () => Promise<RemixHandlers> } {
  const app = express();
  app.disable("x-powered-by");
  // Nothing reads req.query (Remix and the API loaders read the URL): parsing every query string with
  // qs cost 0.08 ms per API search at p50 on the benchmark's machine.
  app.set("query parser", false);
  // req.ip (the client address per-IP throttling uses) only comes from X-Forwarded-For when the peer
  // is a trusted proxy; anyone else's header is ignored.
  app.set("trust proxy", options.trustProxy ?? getEnv().TRUST_PROXY);

  app.use((req, res, next) => {
    identifyAndLog(req, res);
    next();
  });

  // Fingerprinted build assets never change; everything else in public/ may.
  app.use(
    "/build",
    express.static(path.join(options.publicDir, "build"), { immutable: true, maxAge: "1y", fallthrough: false }),
  );
  // Other public files (favicon.ico, ...) have an extension; skipping the file lookup for everything
  // else saves a stat() on every page and API request.
  const publicFiles = express.static(options.publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) =>
    /\.[a-z0-9]+$/i.test(req.path) && !isApiPath(req.path) ? publicFiles(req, res, next) : next(),
  );

  app.use(limitRequestBodies);

  // `/solutions/<slug>.md` is the Markdown export; Remix routes can't put a suffix on a parameter.
  // Remix's Express adapter reads `originalUrl`, so both are rewritten.
  app.use((req, _res, next) => {
    const match = /^\/solutions\/([^/]+)\.md$/.exec(req.path);
    if (match && (req.method === "GET" || req.method === "HEAD")) {
      req.url = `/solutions/${match[1]}/export.md${req.url.slice(req.path.length)}`;
      req.originalUrl = req.url;
    }
    next();
  });

  app.use(async (req, res, next) => {
    // Health checks need no session: with PostgreSQL down, checking one would turn the JSON 503 into a 500.
    if (req.path === "/healthz") return next();
    try {
      const api = isApiPath(req.path);
      const bearer = api && Boolean(req.headers.authorization);
      const sameSite = isSameSiteRequest({
        method: req.method,
        origin: req.get("origin"),
        referer: req.get("referer"),
        host: req.get("host"),
        protocol: req.protocol,
      });
      if (!bearer && !sameSite) {
        const message = await httpMessage(req, "crossSite");
        if (api) res.status(403).json({ error: { code: "cross_site", message } });
        else res.status(403).type("text/plain").send(message);
        return;
      }
      const check = () => authenticate(authInputOf(req));
      // An API read with a token: checked below, once the route has started its early work.
      if (bearer && (req.method === "GET" || req.method === "HEAD")) {
        res.locals.checkAuth = check;
        return next();
      }
      if (await admit(req, res, await check())) next();
    } catch (error) {
      next(error);
    }
  });

  // One Remix handler per build. Given a function instead of a build, Remix re-derives its route
  // tables on every request (a few milliseconds each); the build only changes under `npm run dev`.
  let remix: RemixHandlers | undefined;
  const currentRemix = async (): Promise<RemixHandlers> => {
    const build = await options.getBuild();
    if (remix?.build !== build) {
      remix = {
        build,
        handle: createRequestHandler({ build, mode: options.mode, getLoadContext: loadContext }),
        matchApi: createApiRouteMatcher(build),
      };
    }
    return remix;
  };
  app.all("*", async (req, res, next) => {
    try {
      const handlers = await currentRemix();
      // API reads skip Remix's router (see api-routes.server.ts); everything else is Remix's.
      const api =
        (req.method === "GET" || req.method === "HEAD") && isApiPath(req.path)
          ? handlers.matchApi(req.path)
          : undefined;
      const checkAuth = res.locals.checkAuth as (() => Promise<RequestAuth>) | undefined;
      if (api?.module.loader) return await answerApiRead(req, res, api, checkAuth);
      if (checkAuth && !(await admit(req, res, await checkAuth()))) return;
      await handlers.handle(req, res, next);
    } catch (error) {
      next(error);
    }
  });

  // Failures before Remix (e.g. the database is unreachable while checking the session).
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => answerFailure(error, req, res));
  return { express: app, remix: currentRemix };
}

/**
 * API reads with a token (GET or HEAD under /api with an Authorization header, matching an API
 * route) go to their loader without passing Express's router: its layers cost 0.2-0.3 ms per request
 * on a 2-core VM whose caches Meilisearch has just had (decision 012), and none of them does anything
 * for such a request (no static file, no body, no cross-site check for a bearer token). They get what
 * every request gets: Express's request and response (`req.protocol`, `req.ip` behind trusted proxies,
 * `res.status().json()`), a request id, the security headers, the log line, the same error answers.
 * Anything else, and any API path no route matches, is Express's.
 */
function answerTokenApiReads(app: Express, remix: () => Promise<RemixHandlers>): RequestListener {
  return (req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    if (!((req.method === "GET" || req.method === "HEAD") && req.headers.authorization && isApiPath(pathname))) {
      app(req, res);
      return;
    }
    void (async () => {
      let identified = false;
      // What Express's own first step does (express/lib/middleware/init.js, and the router's originalUrl).
      const request = Object.setPrototypeOf(req, app.request) as Request;
      const response = Object.setPrototypeOf(res, app.response) as Response;
      request.res = response;
      response.req = request;
      request.originalUrl = url;
      response.locals = Object.create(null) as Response["locals"];
      try {
        const api = (await remix()).matchApi(request.path);
        if (!api?.module.loader) {
          app(req, res);
          return;
        }
        identifyAndLog(request, response);
        identified = true;
        await answerApiRead(request, response, api, () => authenticate(authInputOf(request)));
      } catch (error) {
        if (!identified) identifyAndLog(request, response);
        await answerFailure(error, request, response);
      }
    })().catch((error: unknown) => {
      // Even the error answer failed: end the response rather than leave the client waiting.
      getLogger().error({ err: error }, "could not answer a failed request");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** A fresh request id (one sent by the client is ignored), the security headers, and the log line once the response closes. */
function identifyAndLog(req: Request, res: Response): void {
  const id = crypto.randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader("X-Request-Id", id);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
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
}

function authInputOf(req: Request) {
  return {
    path: req.path,
    cookie: req.headers.cookie,
    authorization: req.headers.authorization,
    secure: req.protocol === "https",
  };
}

function loadContext(req: Request, res: Response): AppLoadContext {
  return {
    requestId: req.headers[REQUEST_ID_HEADER] as string,
    auth: (res.locals.auth as RequestAuth | undefined) ?? ANONYMOUS,
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
  };
}

/**
 * An API read answered by its route's loader. With a token (`checkAuth`), a route that exports
 * `speculate` starts its work first and the token is checked meanwhile (api-speculation.server.ts).
 */
async function answerApiRead(
  req: Request,
  res: Response,
  api: ApiRouteMatch,
  checkAuth: (() => Promise<RequestAuth>) | undefined,
): Promise<void> {
  const url = fetchUrlOf(req);
  const token = checkAuth ? bearerToken(req.headers.authorization) : null;
  const speculation = checkAuth ? startSpeculation(speculateOf(api.module), new URL(url), token) : undefined;
  // One turn of the event loop lets the early work send its requests before the token check and
  // building the Request take the CPU.
  if (speculation) await new Promise((resolve) => setImmediate(resolve));
  const checking = checkAuth?.();
  const request = toFetchRequest(req, res, url);
  if (checking) {
    const auth = await checking;
    if (token) rememberApiTokenCheck(token, auth);
    if (!(await admit(req, res, auth))) return;
  }
  const response = await callApiLoader(api, request, { ...loadContext(req, res), speculation });
  await sendFetchResponse(res, response);
}

/** The 500 for a failure outside Remix (e.g. the database is unreachable while checking the session). */
async function answerFailure(error: unknown, req: Request, res: Response): Promise<void> {
  const requestId = String(req.headers[REQUEST_ID_HEADER]);
  getLogger().error({ err: error, requestId, method: req.method, path: req.path }, "request failed");
  if (res.headersSent) return;
  const message = await httpMessage(req, "serverError", { requestId });
  if (isApiPath(req.path)) res.status(500).json({ error: { code: "internal", message, requestId } });
  else res.status(500).type("text/plain").send(message);
}

/**
 * Applies the request's authentication: cookies to send back, and a 429 (sent here) for a token over
 * its budget. False when the request was answered.
 */
async function admit(req: Request, res: Response, auth: RequestAuth): Promise<boolean> {
  for (const cookie of auth.setCookies) res.append("Set-Cookie", cookie);
  if (auth.rateLimitedFor > 0) {
    res
      .status(429)
      .set("Retry-After", String(auth.rateLimitedFor))
      .json({ error: { code: "rate_limited", message: await httpMessage(req, "rateLimited") } });
    return false;
  }
  res.locals.auth = auth;
  return true;
}

function speculateOf(module: unknown): Speculate | undefined {
  const speculate = (module as { speculate?: unknown }).speculate;
  return typeof speculate === "function" ? (speculate as Speculate) : undefined;
}

/** Request bodies above these sizes are refused before anything reads them. */
const FORM_BODY_LIMIT = 4 * 1024 * 1024;
const LARGE_BODY_LIMITS: [prefix: string, bytes: () => number][] = [
  ["/images", () => getEnv().UPLOAD_MAX_BYTES + 1024 * 1024],
  ["/curate/import", () => 60 * 1024 * 1024],
];

/** Messages the Express layer sends itself, in the reader's language (cookie, then Accept-Language). */
const i18nByLocale = new Map<Locale, ReturnType<typeof createI18n>>();

type HttpMessageKey =
  | "crossSite"
  | "rateLimited"
  | "lengthRequired"
  | "badLength"
  | "tooLarge"
  | "formTooLarge"
  | "imageTooLarge"
  | "serverError"
  | "starting";

async function httpMessage(req: IncomingMessage, key: HttpMessageKey, values: Record<string, string | number> = {}) {
  const locale = await detectLocaleFromHeaders(req.headers.cookie, req.headers["accept-language"]);
  let i18n = i18nByLocale.get(locale);
  if (!i18n) i18nByLocale.set(locale, (i18n = createI18n(locale)));
  return i18n.t(`errors:http.${key}`, values);
}

/** Every request while the portal is still starting (database, migrations, search): 503, try again soon. */
export function answerStarting(req: IncomingMessage, res: ServerResponse): void {
  const pathname = (req.url ?? "/").split("?")[0]!;
  void httpMessage(req, "starting").then(
    (message) => {
      res.statusCode = 503;
      res.setHeader("Retry-After", "2");
      res.setHeader("Cache-Control", "no-store");
      if (pathname === "/healthz" || isApiPath(pathname)) {
        res.setHeader("Content-Type", "application/json; charset=utf-8");
        res.end(
          JSON.stringify(pathname === "/healthz" ? { status: "starting" } : { error: { code: "starting", message } }),
        );
      } else {
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end(message);
      }
    },
    () => {
      res.statusCode = 503;
      res.end();
    },
  );
}

function limitRequestBodies(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const limit =
    LARGE_BODY_LIMITS.find(([prefix]) => req.path === prefix || req.path.startsWith(`${prefix}/`))?.[1]() ??
    FORM_BODY_LIMIT;
  const length = req.headers["content-length"];
  const json = isApiPath(req.path) || req.path.startsWith("/images");
  const refuse = (status: number, code: string, key: HttpMessageKey, values?: Record<string, number>) => {
    // Stop reading: the client may still be sending a huge body.
    res.setHeader("Connection", "close");
    void httpMessage(req, key, values).then((message) => {
      if (json) res.status(status).json({ error: { code, message } });
      else res.status(status).type("text/plain").send(message);
    }, next);
  };
  if (length === undefined) {
    if (req.headers["transfer-encoding"]) return refuse(411, "length_required", "lengthRequired");
    return next();
  }
  const bytes = Number(length);
  if (!Number.isFinite(bytes) || bytes < 0) return refuse(400, "bad_length", "badLength");
  if (bytes > limit) {
    // The API keeps 413. The portal's forms and uploads get a 400 with a message they can show next to
    // the form: a JavaScript submission (`.data`) is answered by the body-too-large route, so the page
    // receives it as its action's result, and an upload is told the image limit, not the body limit.
    if (isApiPath(req.path)) return refuse(413, "too_large", "tooLarge", { megabytes: Math.round(limit / 1048576) });
    const image = req.path.startsWith("/images");
    const megabytes = Math.round(((image ? getEnv().UPLOAD_MAX_BYTES : limit) / 1048576) * 10) / 10;
    if (req.path.endsWith(".data")) {
      // Remix reads originalUrl.
      req.url = req.originalUrl = `/body-too-large.data?limit=${megabytes}`;
      return next();
    }
    return refuse(400, "too_large", image ? "imageTooLarge" : "formTooLarge", { megabytes });
  }
  next();
}
