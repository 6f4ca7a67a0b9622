import { useState } from "react";

/**
 * A destructive action in two clicks: `label` offers it; the second button, whose `confirm` text
 * says what goes, does it; "Keep" withdraws the offer. One place for how the UI asks before
 * deleting or revoking anything.
 */
export function ConfirmButton({ label, confirm, pending = false, onConfirm }: { label: string; confirm: string; pending?: boolean; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button type="button" className="danger" disabled={pending} onClick={onConfirm}>
        {confirm}
      </button>
      <button type="button" className="link" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}
