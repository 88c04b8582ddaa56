import type { ComponentChildren } from 'preact';

/** A link that opens in a new tab without giving the page a handle on ours. */
export function ExternalLink({ href, children, testId }: { href: string; children: ComponentChildren; testId?: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" data-testid={testId}>
      {children}
    </a>
  );
}
