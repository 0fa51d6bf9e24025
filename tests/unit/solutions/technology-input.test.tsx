// @vitest-environment happy-dom
import { act, type ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TechnologyInput } from "~/components/solutions/technology-input";
import { createI18n } from "~/lib/i18n";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function wrap(element: ReactElement) {
  return <I18nextProvider i18n={createI18n("en")}>{element}</I18nextProvider>;
}

let container: HTMLElement;
let root: Root;

beforeEach(() => {
  container = document.createElement("form");
  document.body.append(container);
});

afterEach(() => {
  act(() => root?.unmount());
  container.remove();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function mount(element: ReactElement) {
  act(() => {
    root = createRoot(container);
    root.render(wrap(element));
  });
}

const input = () => container.querySelector<HTMLInputElement>('input[role="combobox"]')!;
const submitted = () => new FormData(container as HTMLFormElement).getAll("technologies");

function type(value: string) {
  act(() => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    setter.call(input(), value);
    input().dispatchEvent(new Event("input", { bubbles: true }));
  });
}

function press(key: string) {
  act(() => {
    input().dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  });
}

describe("TechnologyInput", () => {
  it("without JavaScript is one comma-separated field named technologies", () => {
    const html = renderToString(
      wrap(<TechnologyInput label="Technologies" hint="Hint" defaultValue={["Revit", "Navisworks"]} />),
    );
    expect(html).toMatch(/<input[^>]*name="technologies"[^>]*value="Revit, Navisworks"/);
    expect(html).not.toContain('role="combobox"');
  });

  it("adds chips with Enter and comma, removes with Backspace and the remove button, submitting one field per tag", () => {
    const onChange = vi.fn();
    mount(<TechnologyInput label="Technologies" hint="Hint" defaultValue={["Revit"]} onChange={onChange} />);
    expect(submitted()).toEqual(["Revit"]);

    type("  Navisworks  ");
    press("Enter");
    expect(submitted()).toEqual(["Revit", "Navisworks"]);
    expect(input().value).toBe("");

    type("python");
    press(",");
    type("REVIT");
    press("Enter");
    expect(submitted()).toEqual(["Revit", "Navisworks", "python"]);

    // A pasted list becomes chips at once; the part after the last comma stays in the input.
    type("Dynamo, Grasshopper, Rhi");
    expect(submitted()).toEqual(["Revit", "Navisworks", "python", "Dynamo", "Grasshopper"]);
    expect(input().value).toBe("Rhi");

    type("");
    press("Backspace");
    expect(submitted()).toEqual(["Revit", "Navisworks", "python", "Dynamo"]);

    const remove = container.querySelector<HTMLButtonElement>('button[aria-label="Remove Navisworks"]')!;
    act(() => remove.click());
    expect(submitted()).toEqual(["Revit", "python", "Dynamo"]);
    expect(document.activeElement).toBe(input());
    expect(onChange).toHaveBeenCalledTimes(5);
  });

  it("commits what was typed when the input loses focus, so nothing typed is lost", () => {
    mount(<TechnologyInput label="Technologies" hint="Hint" defaultValue={[]} />);
    type("Point cloud");
    act(() => {
      input().focus();
      input().blur();
    });
    expect(submitted()).toEqual(["Point cloud"]);
  });

  it("suggests existing tags as a listbox chosen with the arrow keys and Enter", async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn(async (url: string) =>
      Response.json({ suggestions: url.includes("q=rev") ? ["Revit", "Revit API", "Revizto"] : [] }),
    );
    vi.stubGlobal("fetch", fetchMock);
    mount(<TechnologyInput label="Technologies" hint="Hint" defaultValue={["Revit"]} />);
    type("rev");
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    expect(fetchMock).toHaveBeenCalledWith("/technologies?q=rev", expect.anything());
    const options = () => [...container.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    // Tags already chosen are not suggested again.
    expect(options()).toEqual(["Revit API", "Revizto"]);
    expect(input().getAttribute("aria-expanded")).toBe("true");

    press("ArrowDown");
    press("ArrowDown");
    expect(input().getAttribute("aria-activedescendant")).toBe(container.querySelectorAll('[role="option"]')[1]!.id);
    press("Enter");
    expect(submitted()).toEqual(["Revit", "Revizto"]);
    expect(input().getAttribute("aria-expanded")).toBe("false");

    type("rev");
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    press("Escape");
    expect(options()).toEqual([]);
  });
});
