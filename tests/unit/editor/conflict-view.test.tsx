import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { ConflictView } from "~/components/editor/conflict-view";
import { diffTextByWords } from "~/components/editor/word-diff";
import { createI18n, type Locale } from "~/lib/i18n";

function render(element: ReactElement, locale: Locale = "en"): string {
  return renderToString(<I18nextProvider i18n={createI18n(locale)}>{element}</I18nextProvider>);
}

const noop = () => {};

function todayAt(hours: number, minutes: number): Date {
  const date = new Date();
  date.setHours(hours, minutes, 0, 0);
  return date;
}
const mine = {
  html: '<p class="rt-paragraph">We cut clash checks to <strong>two</strong> days</p>',
  text: "We cut clash checks to two days",
  revision: 3,
};
const theirs = {
  html: '<p class="rt-paragraph">We cut clash checks to three days</p>',
  text: "We cut clash checks to three days",
  revision: 4,
  savedBy: "Li Wei",
  savedAt: todayAt(9, 30).toISOString(),
};

describe("diffTextByWords", () => {
  it("marks words only in the second text as added and words only in the first as removed", () => {
    expect(diffTextByWords("cut to three days", "cut to two days")).toEqual([
      { kind: "same", text: "cut to " },
      { kind: "removed", text: "three" },
      { kind: "added", text: "two" },
      { kind: "same", text: " days" },
    ]);
  });

  it("compares Chinese by words, not whole sentences", () => {
    const parts = diffTextByWords("我们把碰撞检查缩短到三天", "我们把碰撞检查缩短到两天")!;
    expect(
      parts
        .filter((part) => part.kind === "same")
        .map((part) => part.text)
        .join(""),
    ).toContain("碰撞检查");
    expect(
      parts
        .filter((part) => part.kind !== "same")
        .map((part) => part.text)
        .join("").length,
    ).toBeLessThanOrEqual(4);
  });
});

describe("ConflictView", () => {
  it("shows both versions' HTML, who saved theirs, the word differences and both choices", () => {
    const html = render(<ConflictView mine={mine} theirs={theirs} onKeepMine={noop} onTakeTheirs={noop} />);
    expect(html).toContain(
      '<div class="rich-text"><p class="rt-paragraph">We cut clash checks to <strong>two</strong> days</p></div>',
    );
    expect(html).toContain(
      '<div class="rich-text"><p class="rt-paragraph">We cut clash checks to three days</p></div>',
    );
    expect(html).toContain("Revision 4, saved by Li Wei at 09:30");
    expect(html).toMatch(/<del class="diff__removed"><span class="visually-hidden">[^<]*<\/span>three/);
    expect(html).toMatch(/<ins class="diff__added"><span class="visually-hidden">[^<]*<\/span>two/);
    expect(html).toMatch(/<button[^>]*>Keep mine as a new revision<\/button>/);
    expect(html).toMatch(/<button[^>]*>Take theirs<\/button>/);
    expect(html).not.toContain("disabled");
  });

  it("shows fields that differ, even when the text is the same, with translated labels", () => {
    const fields = [{ field: "summary" as const, before: "Saved summary", after: "My summary" }];
    const html = render(
      <ConflictView
        mine={mine}
        theirs={{ ...theirs, text: mine.text }}
        fields={fields}
        onKeepMine={noop}
        onTakeTheirs={noop}
      />,
    );
    expect(html).toContain("Differences in the fields");
    expect(html).toMatch(
      /<th scope="row">Summary<\/th><td><del class="diff__removed">Saved summary<\/del><\/td><td><ins class="diff__added">My summary<\/ins><\/td>/,
    );
    expect(html).not.toContain("The fields are the same");
    const zh = render(
      <ConflictView mine={mine} theirs={theirs} fields={fields} onKeepMine={noop} onTakeTheirs={noop} />,
      "zh",
    );
    expect(zh).toContain("字段差异");
    expect(zh).toMatch(/<th scope="row">摘要<\/th>/);
  });

  it("says so when no field differs", () => {
    const html = render(<ConflictView mine={mine} theirs={theirs} fields={[]} onKeepMine={noop} onTakeTheirs={noop} />);
    expect(html).toContain("The fields are the same in both versions.");
    expect(html).not.toContain('<th scope="row">');
  });

  it("disables both choices while busy", () => {
    const html = render(<ConflictView mine={mine} theirs={theirs} onKeepMine={noop} onTakeTheirs={noop} busy />);
    expect(html.match(/<button[^>]*disabled=""/g)).toHaveLength(2);
  });

  it("gives the date as well when theirs was not saved today", () => {
    const html = render(
      <ConflictView
        mine={mine}
        theirs={{ ...theirs, savedAt: new Date(2024, 2, 5, 9, 30).toISOString() }}
        onKeepMine={noop}
        onTakeTheirs={noop}
      />,
    );
    expect(html).toMatch(/saved by Li Wei at Mar 5, 2024/);
  });

  it("says so when only formatting differs", () => {
    const html = render(
      <ConflictView mine={mine} theirs={{ ...theirs, text: mine.text }} onKeepMine={noop} onTakeTheirs={noop} />,
    );
    expect(html).toContain("The text is the same in both versions");
    expect(html).not.toContain("<ins");
  });

  it("is translated into Chinese", () => {
    const html = render(<ConflictView mine={mine} theirs={theirs} onKeepMine={noop} onTakeTheirs={noop} />, "zh");
    expect(html).toContain("保留我的版本，作为新修订");
    expect(html).toContain("采用对方版本");
    expect(html).toContain("修订 4，由 Li Wei 于 09:30 保存");
  });
});
