import type { ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';

/** A link that looks like a design-system button: it navigates, so it is a link. */
export function ButtonLink({
  variant = 'default',
  children,
  className,
  ...rest
}: LinkProps & { variant?: 'default' | 'secondary'; children: ReactNode }) {
  return (
    <Link {...rest} className={['button-link', `button-link--${variant}`, className].filter(Boolean).join(' ')}>
      {children}
    </Link>
  );
}
