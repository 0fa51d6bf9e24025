import { LOCALE_TAGS, isLocale } from "~/lib/i18n";

/** "14:02" in the reader's language and time zone; null for a value that is not a date. */
export function formatClockTime(isoDate: string, language: string): string | null {
  const date = new Date(isoDate);
  if (Number.isNaN(date.getTime())) return null;
  const tag = isLocale(language) ? LOCALE_TAGS[language] : language;
  return new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
}

/** "14:02" for today, otherwise the date too, so an old conflicting save is not mistaken for a recent one. */
export function formatSaveTime(isoDate: string, language: string, now: Date = new Date()): string | null {
  const date = new Date(isoDate);
  if (Number.isNaN(date.getTime())) return null;
  if (date.toDateString() === now.toDateString()) return formatClockTime(isoDate, language);
  const tag = isLocale(language) ? LOCALE_TAGS[language] : language;
  return new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }).format(date);
}
