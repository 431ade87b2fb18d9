import type { ReactNode } from 'react';

/** An inline message box: error (role=alert), note or empty-state hint. */
export function Message({ kind, title, children }: { kind: 'error' | 'note' | 'empty'; title?: string; children: ReactNode }) {
  return (
    <div className={`message message-${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      {title && <strong className="message-title">{title}</strong>}
      <div>{children}</div>
    </div>
  );
}
