import { useTranslation } from "react-i18next";
import { LOCALE_TAGS, type Locale } from "~/lib/i18n";

/**
 * A date in the reader's language. Rendered in UTC on the server and in the browser alike so hydration
 * matches; the full ISO value is in the `dateTime` attribute.
 */
export function DateTime({ value, dateOnly = false }: { value: string | Date; dateOnly?: boolean }) {
  const { i18n } = useTranslation();
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const tag = LOCALE_TAGS[(i18n.language as Locale) ?? "en"] ?? "en";
  const text = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    ...(dateOnly ? {} : { timeStyle: "short" }),
    timeZone: "UTC",
  }).format(date);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {text}
      {dateOnly ? "" : " UTC"}
    </time>
  );
}
