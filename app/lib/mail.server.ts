import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "./env.server";
import { getLogger } from "./logger.server";
import { singleton } from "./singleton.server";

/** Sends mail when SMTP_URL is configured; otherwise reports that nothing was sent. */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<boolean> {
  const env = getEnv();
  if (!env.SMTP_URL) return false;
  const transport = singleton<Transporter>("mail", () => nodemailer.createTransport(env.SMTP_URL));
  try {
    await transport.sendMail({ from: env.MAIL_FROM, ...message });
    return true;
  } catch (error) {
    getLogger().warn({ err: error, to: message.to }, "mail not sent");
    return false;
  }
}
