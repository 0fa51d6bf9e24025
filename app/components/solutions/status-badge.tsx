import { useTranslation } from "react-i18next";
import { useLooseT } from "~/lib/use-loose-t";

export function StatusBadge({ status, pendingChange }: { status: string; pendingChange?: string | null }) {
  const t = useLooseT();
  useTranslation("solutions");
  return (
    <span className={`badge badge--status badge--${status}`}>
      {t(`solutions:status.${status}`)}
      {pendingChange
        ? ` · ${t(pendingChange === "in_review" ? "solutions:status.pendingReview" : "solutions:status.pendingDraft")}`
        : ""}
    </span>
  );
}
