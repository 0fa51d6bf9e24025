import { describe, expect, it } from "vitest";
import { commonPasswordCount, findPasswordProblem, PASSWORD_MIN_LENGTH } from "~/lib/password.server";

describe("common passwords", () => {
  it("ships a list of at least 10,000 entries", () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it.each([
    // Listed as they are.
    "password1234",
    "qwertyuiop1",
    "1qaz2wsx3edc",
    // Listed words with digits or symbols added at either end.
    "Password!!!!",
    "PASSWORD2024",
    "Sunshine-2024!",
    "!!!!sunshine",
    "2024dragon!!",
    "iloveyou 123",
    "Letmein.....",
    // Leet spelling of a listed word.
    "P@ssw0rd2024",
    "pa55word!!!!",
    "$unsh1ne2024",
    // Repetitions of a listed word or of a short unit.
    "monkeymonkey",
    "dragondragon1",
    "aaaaaaaaaaaa",
    "abcabcabcabc",
    "1234512345",
    "!!!!!!!!!!!!",
    // Keyboard and alphabet walks.
    "qwertyasdfgh",
    "0987654321",
    "asdfghjkl;'",
    "zxcvbnm,./!",
    "poiuytrewq",
    "abcdefghijkl",
    "1qaz2wsx3edc4rfv",
  ])("refuses %j as too common", (password) => {
    expect(password.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    expect(findPasswordProblem(password)).toBe("too_common");
  });

  it.each([
    "Violet-Harbour-Lantern-42",
    "Quartz-Willow-Ember-19",
    "Demo-Solutions-2026",
    "correct horse battery staple",
    "Tr4in-Clash-Det3ction",
    "我的密码很长而且不常见",
    "k7#Qm2!vZp9x",
    "monkey-business-plan",
    "asdf-Lantern-Ferry-8",
  ])("accepts %j", (password) => {
    expect(findPasswordProblem(password)).toBeNull();
  });

  it("still checks length and the email's local part first", () => {
    expect(findPasswordProblem("short")).toBe("too_short");
    expect(findPasswordProblem("x".repeat(257))).toBe("too_long");
    expect(findPasswordProblem("li.na.wuhan-Ferry-77", { email: "li.na.wuhan@example.com" })).toBe("contains_email");
  });
});
