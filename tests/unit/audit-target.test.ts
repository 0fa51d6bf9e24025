import { describe, expect, it } from "vitest";
import { auditTargetLabel, type AuditTarget } from "~/lib/audit-target";

const none = { targetName: null, targetNameZh: null, targetEmail: null, targetCode: null };
const id = "6f1c3d9e-0000-4000-8000-00000000abcd";

describe("auditTargetLabel", () => {
  it.each<[AuditTarget, string, string]>([
    [
      { ...none, targetType: "user", targetId: id, targetName: "Li Na", targetEmail: "li.na@example.com" },
      "en",
      "Li Na <li.na@example.com>",
    ],
    [{ ...none, targetType: "user", targetId: id }, "en", id],
    [{ ...none, targetType: "invitation", targetId: "tok", targetEmail: "new@example.com" }, "zh", "new@example.com"],
    [
      { ...none, targetType: "subsidiary", targetId: id, targetName: "Wuhan", targetNameZh: "武汉", targetCode: "WUH" },
      "en",
      "Wuhan (WUH)",
    ],
    [
      { ...none, targetType: "subsidiary", targetId: id, targetName: "Wuhan", targetNameZh: "武汉", targetCode: "WUH" },
      "zh",
      "武汉 (WUH)",
    ],
    [{ ...none, targetType: "solution", targetId: id, targetName: "Clash detection" }, "zh", "Clash detection"],
    [{ ...none, targetType: "pain_point", targetId: id, targetName: "Rework", targetNameZh: "返工" }, "zh", "返工"],
    [{ ...none, targetType: "synonym_group", targetId: id }, "en", id],
    [{ ...none, targetType: "system", targetId: null }, "en", ""],
  ])("%j in %s is %j", (entry, language, expected) => {
    expect(auditTargetLabel(entry, language)).toBe(expected);
  });
});
