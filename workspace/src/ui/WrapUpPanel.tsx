/** Wrap-up: the queue's codes as a radio group; in ACW the close button (the API may refuse: required). */
import type { Card } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';

export interface WrapUpPanelProps {
  t: Messages;
  wrapUp: Card['wrapUp'];
  inAcw: boolean;
  onSelect(code: string): void;
  onClose(): void;
}

export function WrapUpPanel({ t, wrapUp, inAcw, onSelect, onClose }: WrapUpPanelProps) {
  return (
    <section class="panel" aria-labelledby="wrapup-title">
      <fieldset>
        <legend id="wrapup-title">
          {t.wrapUp}
          {wrapUp.required ? <span class="required"> ({t.wrapUpRequired})</span> : null}
        </legend>
        {wrapUp.codes.map((c) => (
          <label key={c.code} class="choice">
            <input
              type="radio"
              name="wrap-up"
              value={c.code}
              checked={wrapUp.selected === c.code}
              onChange={() => onSelect(c.code)}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
      {inAcw ? (
        <button type="button" class="primary" data-action="close-contact" onClick={onClose}>
          {t.closeContact}
        </button>
      ) : null}
    </section>
  );
}
