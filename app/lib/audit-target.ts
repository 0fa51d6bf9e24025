/** What the audit log's loader returns about an entry's target. */
export interface AuditTarget {
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  targetNameZh: string | null;
  targetEmail: string | null;
  targetCode: string | null;
}

/** "To whom": the target's name, email or code as it is now; its id when it no longer exists. */
export function auditTargetLabel(entry: AuditTarget, language: string): string {
  const name = language === "zh" && entry.targetNameZh ? entry.targetNameZh : entry.targetName;
  const id = entry.targetId ?? "";
  switch (entry.targetType) {
    case "user":
      return name ? `${name} <${entry.targetEmail ?? ""}>` : id;
    case "invitation":
      return entry.targetEmail ?? id;
    case "subsidiary":
      return name ? `${name} (${entry.targetCode ?? ""})` : id;
    default:
      return name ?? id;
  }
}
