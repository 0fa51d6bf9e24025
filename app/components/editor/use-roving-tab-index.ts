import { type RefObject, useEffect, useLayoutEffect, useRef } from "react";

const ITEM_SELECTOR = "button:not(:disabled), select:not(:disabled)";
const NEXT_KEYS: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1,
};

/**
 * The WAI-ARIA toolbar pattern: the toolbar is one Tab stop, and the arrow keys, Home and End move
 * between its controls. The tab stop stays on the control used last; when that one disappears or is
 * disabled (undo with nothing to undo) it moves to the first control, so the toolbar never drops out
 * of the Tab order. Controls are found in the DOM, so the component need not register them.
 */
export function useRovingTabIndex<T extends HTMLElement>(): RefObject<T> {
  const containerRef = useRef<T>(null);
  const currentRef = useRef<HTMLElement | null>(null);

  // After every render of the owner: exactly one control is tabbable.
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const items = Array.from(container.querySelectorAll<HTMLElement>(ITEM_SELECTOR));
    const current = currentRef.current && items.includes(currentRef.current) ? currentRef.current : (items[0] ?? null);
    currentRef.current = current;
    for (const item of container.querySelectorAll<HTMLElement>("button, select")) {
      item.tabIndex = item === current ? 0 : -1;
    }
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const makeCurrent = (item: HTMLElement) => {
      if (currentRef.current && currentRef.current !== item) currentRef.current.tabIndex = -1;
      item.tabIndex = 0;
      currentRef.current = item;
    };
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement && event.target.matches(ITEM_SELECTOR)) makeCurrent(event.target);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const move = NEXT_KEYS[event.key];
      if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
      const items = Array.from(container.querySelectorAll<HTMLElement>(ITEM_SELECTOR));
      const index = items.findIndex((item) => item === event.target);
      if (index < 0) return;
      // Also stops a closed <select> from changing its value on Left/Right.
      event.preventDefault();
      const next = items[move(index, items.length)];
      if (next) {
        makeCurrent(next);
        next.focus();
      }
    };
    container.addEventListener("focusin", onFocusIn);
    container.addEventListener("keydown", onKeyDown);
    return () => {
      container.removeEventListener("focusin", onFocusIn);
      container.removeEventListener("keydown", onKeyDown);
    };
  }, []);

  return containerRef;
}
