import { useEffect, useRef } from 'react';

/**
 * Moves the focus to the page's heading once per `key` (a new page in this single-page app), as
 * soon as the heading is rendered (after loading, too), so a screen reader announces where the
 * user landed and Tab starts from the top of the content.
 */
export function usePageHeading<T extends HTMLElement = HTMLHeadingElement>(key: string) {
  const heading = useRef<T>(null);
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!heading.current || focusedFor.current === key) return;
    focusedFor.current = key;
    heading.current.focus();
  });
  return heading;
}
