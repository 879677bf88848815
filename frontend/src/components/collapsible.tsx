import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from 'suomifi-ui-components';

interface Props {
  id: string;
  /** Taller than this (in px) and the content starts collapsed to it. */
  maxHeight: number;
  moreText: string;
  lessText: string;
  children: ReactNode;
}

/** Extra height that is not worth a "show more": a line or two is shown rather than hidden. */
const SLACK = 48;

/**
 * Long content shown up to `maxHeight` with a "show more" button (a disclosure:
 * `aria-expanded`, `aria-controls`). Content that fits is shown as it is, without a button.
 * Keyboard focus that lands inside the clipped part (a link) opens it, so nothing focusable
 * is ever hidden.
 */
export function Collapsible({ id, maxHeight, moreText, lessText, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [tall, setTall] = useState(false);
  const [open, setOpen] = useState(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    // scrollHeight is the full content height whether or not it is clipped.
    const measure = () => setTall(el.scrollHeight > maxHeight + SLACK);
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [maxHeight]);

  const collapsed = tall && !open;
  return (
    <div className={`collapsible${collapsed ? ' collapsible--collapsed' : ''}`}>
      <div
        id={id}
        ref={ref}
        className="collapsible__content"
        style={collapsed ? { maxHeight } : undefined}
        onFocus={() => {
          if (collapsed) setOpen(true);
        }}
      >
        {children}
      </div>
      {tall ? (
        <Button
          variant="secondaryNoBorder"
          className="collapsible__toggle"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? lessText : moreText}
        </Button>
      ) : null}
    </div>
  );
}
