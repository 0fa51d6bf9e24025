import pino, { type Logger } from "pino";
import { getEnv } from "./env.server";
import { singleton } from "./singleton.server";

/** Structured JSON logs; pretty lines when running `npm run dev`. */
export function getLogger(): Logger {
  return singleton("logger", () => {
    const env = getEnv();
    const pretty = env.NODE_ENV === "development" && process.stdout.isTTY;
    return pino({
      level: env.LOG_LEVEL,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ["password", "*.password", "headers.cookie", "headers.authorization", "token", "*.token"],
        censor: "[redacted]",
      },
      ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss" } } } : {}),
    });
  });
}
