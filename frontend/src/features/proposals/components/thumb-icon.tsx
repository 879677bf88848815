/** A thumbs-up ("peukku"); decorative, the button's text says what it does. */
export function ThumbIcon({ filled = false }: { filled?: boolean }) {
  return (
    <svg className="thumb-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M7 10v11H3V10h4zm2 11h8.3a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 18.7 10H14l.9-4.2A1.6 1.6 0 0 0 13.3 4L9 10v11z"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}
