import { useEffect, useRef } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * "Show more" that keeps keyboard and screen-reader users in the list: once the next page has
 * rendered, focus moves to the first new item (its first link or button, else the item
 * itself). Without it, loading the last page removes the focused button and focus falls to
 * `<body>`. `count` is the number of items shown; `listRef` goes on the element whose
 * children are the items.
 */
export function useLoadMoreFocus<T extends HTMLElement>(count: number) {
  const listRef = useRef<T>(null);
  const firstNew = useRef<number | null>(null);

  useEffect(() => {
    const index = firstNew.current;
    if (index === null || count <= index) return;
    firstNew.current = null;
    const item = listRef.current?.children.item(index);
    if (!(item instanceof HTMLElement)) return;
    const target = item.querySelector<HTMLElement>(FOCUSABLE);
    if (target) {
      target.focus();
    } else {
      item.tabIndex = -1;
      item.focus();
    }
  }, [count]);

  /** Runs `fetchNext` and remembers where the new items will start. */
  const loadMore = (fetchNext: () => Promise<unknown>) => {
    firstNew.current = count;
    void fetchNext();
  };
  return { listRef, loadMore };
}
