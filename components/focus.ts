/**
 * After an action the element that had focus may leave the page — a deleted row, a button replaced by
 * the row's new state, a panel that closes once its work is done — and the browser then drops focus to
 * <body>: a keyboard user starts again from the top and a screen reader says nothing. Until the person's
 * next key or click (or `ms`, while the page refreshes), a focus dropped to <body> goes to `to()`
 * instead: the status that says what happened, the row's next action, or the table's caption.
 */
export function keepFocus(to: () => HTMLElement | null | undefined, ms = 5_000): void {
  const lost = () => !document.activeElement || document.activeElement === document.body;
  const rescue = () => {
    if (!lost()) return;
    // The page's main region when the chosen element went too (a table removed as a whole).
    const target = [to(), document.getElementById("main")].find((t) => t?.isConnected);
    if (!target) return;
    if (!target.hasAttribute("tabindex") && target.tabIndex < 0) target.tabIndex = -1;
    target.focus();
  };
  const observer = new MutationObserver(rescue);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener("keydown", stop, true);
    window.removeEventListener("pointerdown", stop, true);
  };
  const timer = setTimeout(stop, ms);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["open", "disabled", "hidden"] });
  window.addEventListener("keydown", stop, true);
  window.addEventListener("pointerdown", stop, true);
  rescue();
}

/** Where focus goes when `element`'s row is gone: its table's caption, read from the table as it is then. */
export function captionOf(element: Element | null): () => HTMLElement | null {
  const table = element?.closest("table");
  return () => table?.querySelector<HTMLElement>(":scope > caption") ?? null;
}
