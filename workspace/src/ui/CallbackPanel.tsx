/** Callback request for the caller, into the existing callback mechanism (number optional). */
import { useState } from 'preact/hooks';
import type { Messages } from '../i18n/messages.ts';

export interface CallbackPanelProps {
  t: Messages;
  requestedQueue: string | null;
  onRequest(number: string | undefined): void;
}

export function CallbackPanel({ t, requestedQueue, onRequest }: CallbackPanelProps) {
  const [number, setNumber] = useState('');
  return (
    <section class="panel" aria-labelledby="callback-title">
      <h3 id="callback-title">{t.callback}</h3>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          onRequest(number.trim() === '' ? undefined : number.trim());
        }}
      >
        <label for="callback-number">{t.callbackNumber}</label>
        <input
          id="callback-number"
          type="tel"
          autocomplete="off"
          value={number}
          onInput={(e) => setNumber((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" data-action="callback">
          {t.requestCallback}
        </button>
      </form>
      {requestedQueue ? <p data-field="callbackDone">{t.callbackDone(requestedQueue)}</p> : null}
    </section>
  );
}
