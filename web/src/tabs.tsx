import { useRef } from "preact/hooks";

/**
 * Tabs as the WAI-ARIA pattern has them: one tab in the page's tab order (the selected one),
 * arrow keys, Home and End move between tabs and select them, and each tab names its panel
 * (`panelId`) and is named by it (`tabId`).
 */
export function Tabs<T extends string>({
  label,
  tabs,
  selected,
  names,
  onSelect,
}: {
  label: string;
  tabs: readonly T[];
  selected: T;
  names: Record<T, string>;
  onSelect: (tab: T) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (e: KeyboardEvent) => {
    const at = tabs.indexOf(selected);
    const to =
      e.key === "ArrowRight"
        ? (at + 1) % tabs.length
        : e.key === "ArrowLeft"
          ? (at - 1 + tabs.length) % tabs.length
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? tabs.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    onSelect(tabs[to]!);
    list.current?.querySelector<HTMLButtonElement>(`#${tabId(tabs[to]!)}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={move}>
      {tabs.map((tab) => (
        <button
          type="button"
          role="tab"
          id={tabId(tab)}
          aria-selected={tab === selected}
          aria-controls={panelId(tab)}
          tabIndex={tab === selected ? 0 : -1}
          class="tab"
          key={tab}
          onClick={() => onSelect(tab)}
        >
          {names[tab]}
        </button>
      ))}
    </div>
  );
}

export const tabId = (tab: string): string => `tab-${tab}`;
export const panelId = (tab: string): string => `panel-${tab}`;
