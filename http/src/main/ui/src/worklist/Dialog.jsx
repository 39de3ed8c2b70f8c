import { useEffect, useId, useRef } from 'react';

/** A modal dialog: labelled by its title, focus moves into it, Escape closes it, focus returns where it was. */
export function Dialog({ title, onClose, children }) {
  const titleId = useId();
  const box = useRef(null);
  // the latest onClose, so that a new function each render does not move the focus back to the first field
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const before = document.activeElement;
    const first = box.current?.querySelector('input:not([readonly]), select, textarea, button');
    first?.focus();
    const onKey = (e) => {
      if (e.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, []);

  return (
    <div className="dialog-backdrop">
      <div className="dialog worklist-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
