import { useEffect, useRef } from 'react';

/** True when a key press belongs to a text field, a select or an open dialog, not to the page. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="combobox"], [role="dialog"]')) return true;
  return false;
}

/**
 * Single-key shortcuts for the page (n, d, o, p, /): ignored while the user types in a field,
 * and with Ctrl, Alt or Meta held, so they never take a browser's or screen reader's keys.
 */
export function useHotkeys(bindings: Record<string, () => void>): void {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      if (typingIn(event.target)) return;
      const action = current.current[event.key.toLowerCase()];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
