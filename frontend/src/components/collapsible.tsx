import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
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
    // scrollHeight is the full content height whether or not it is clipped. It is read when the
    // observer reports, after the browser's own layout and before its paint, rather than here,
    // where it would force a layout of the whole page in the middle of React's commit (one long
    // task on a phone). flushSync renders the button in that same frame, so nothing shifts.
    const isTall = () => el.scrollHeight > maxHeight + SLACK;
    if (typeof ResizeObserver === 'undefined') {
      setTall(isTall());
      return undefined;
    }
    const observer = new ResizeObserver(() => flushSync(() => setTall(isTall())));
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
