/**
 * Do not call: one button, then a confirmation dialog (focus moves into it, Escape cancels, focus returns
 * to the button), so a slip of the mouse cannot block a customer.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Messages } from '../i18n/messages.ts';

export interface DncActionProps {
  t: Messages;
  blocked: boolean;
  onConfirm(): void;
}

export function DncAction({ t, blocked, onConfirm }: DncActionProps) {
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);
  const close = () => {
    setAsking(false);
    opener.current?.focus();
  };
  return (
    <section class="panel" aria-labelledby="dnc-title">
      <h3 id="dnc-title">{t.dnc}</h3>
      {blocked ? (
        <p data-field="dncDone">{t.dncDone}</p>
      ) : (
        <button type="button" ref={opener} class="danger" data-action="dnc" onClick={() => setAsking(true)}>
          {t.dnc}
        </button>
      )}
      {asking ? (
        <div
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="dnc-confirm-title"
          aria-describedby="dnc-confirm-text"
          class="dialog"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <h4 id="dnc-confirm-title">{t.dncConfirmTitle}</h4>
          <p id="dnc-confirm-text">{t.dncConfirmText}</p>
          <div class="row">
            <button
              type="button"
              ref={confirmButton}
              class="danger"
              data-action="dnc-confirm"
              onClick={() => {
                setAsking(false);
                onConfirm();
              }}
            >
              {t.confirm}
            </button>
            <button type="button" onClick={close}>
              {t.cancel}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
