import { describe, expect, it } from "vitest";
import { escapeHtml, highlightToHtml, HIGHLIGHT_POST, HIGHLIGHT_PRE, plainSnippet } from "~/lib/search-highlight";

const mark = (text: string) => `${HIGHLIGHT_PRE}${text}${HIGHLIGHT_POST}`;

describe("highlightToHtml", () => {
  it("escapes the text and turns only our placeholders into <mark>", () => {
    expect(highlightToHtml(`<script>alert("x")</script> & ${mark("clash")} 'ok'`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>clash</mark> &#39;ok&#39;",
    );
  });

  it("never lets a literal <mark> from the text through", () => {
    expect(highlightToHtml(`<mark>fake</mark> ${mark("real")}`)).toBe(
      "&lt;mark&gt;fake&lt;/mark&gt; <mark>real</mark>",
    );
  });

  it("balances stray placeholders", () => {
    expect(highlightToHtml(`${HIGHLIGHT_PRE}open`)).toBe("<mark>open</mark>");
    expect(highlightToHtml(`close${HIGHLIGHT_POST} x`)).toBe("close x");
    expect(highlightToHtml(`${HIGHLIGHT_PRE}${HIGHLIGHT_PRE}a${HIGHLIGHT_POST}`)).toBe("<mark>a</mark>");
  });

  it("marks Chinese text too", () => {
    expect(highlightToHtml(`深${mark("基坑")}监测`)).toBe("深<mark>基坑</mark>监测");
  });
});

describe("escapeHtml and plainSnippet", () => {
  it("escape the five HTML special characters", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  it("cut long text at a word and escape it", () => {
    const text = `${"word ".repeat(60)}<b>`;
    const snippet = plainSnippet(text, 50);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(51);
    expect(plainSnippet("a < b")).toBe("a &lt; b");
  });
});
