import { useEffect, useRef } from 'react';

// A modal dialog on the shared .dialog styles: labelled by its title, Escape closes it, focus starts on its first
// field and returns to where it was when it closes.
export function Dialog({ title, onClose, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const before = document.activeElement;
    const first = ref.current?.querySelector('input, select, textarea, button');
    first?.focus();
    return () => before?.focus?.();
  }, []);
  const id = 'dialog-' + title.replace(/\W+/g, '-').toLowerCase();
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={id} ref={ref}>
        <h2 id={id}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
