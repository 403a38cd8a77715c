/**
 * Transfer with context: note, reason, warm/cold and the target; saving sets the contact attributes the
 * transfer flows read, then the agent uses the quick connect (a button when the ContactSource can).
 */
import { useState } from 'preact/hooks';
import type { TransferContext, TransferTarget } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';

export interface TransferPanelProps {
  t: Messages;
  targets: readonly TransferTarget[];
  /** The target whose context was saved (then the quick-connect step shows). */
  ready: TransferTarget | null;
  canTransfer: boolean;
  onSave(context: TransferContext): void;
  onTransfer(target: TransferTarget): void;
}

const key = (x: TransferTarget) => `${x.type}:${x.name}`;

export function TransferPanel({ t, targets, ready, canTransfer, onSave, onTransfer }: TransferPanelProps) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [mode, setMode] = useState<'warm' | 'cold'>('warm');
  const [target, setTarget] = useState(targets[0] ? key(targets[0]) : '');
  const chosen = targets.find((x) => key(x) === target) ?? targets[0];
  return (
    <section class="panel" aria-labelledby="transfer-form-title">
      <h3 id="transfer-form-title">{t.transfer}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) onSave({ note, reason, mode, target: { type: chosen.type, name: chosen.name } });
        }}
      >
        <label for="transfer-target">{t.target}</label>
        <select
          id="transfer-target"
          value={target}
          onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}
        >
          {targets.map((x) => (
            <option key={key(x)} value={key(x)}>
              {t.targetTypes[x.type]}: {x.label ?? x.name}
            </option>
          ))}
        </select>
        <fieldset class="inline">
          <legend>{t.transferMode}</legend>
          {(['warm', 'cold'] as const).map((m) => (
            <label key={m} class="choice">
              <input
                type="radio"
                name="transfer-mode"
                value={m}
                checked={mode === m}
                onChange={() => setMode(m)}
              />
              {t.mode(m)}
            </label>
          ))}
        </fieldset>
        <label for="transfer-reason">{t.reason}</label>
        <input
          id="transfer-reason"
          value={reason}
          onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
        />
        <label for="transfer-note">{t.transferNote}</label>
        <textarea
          id="transfer-note"
          rows={2}
          value={note}
          onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <button type="submit" data-action="save-transfer">
          {t.saveTransfer}
        </button>
      </form>
      {ready ? (
        <div class="row">
          <p role="status">{t.transferReady(ready.label ?? ready.name)}</p>
          {canTransfer ? (
            <button
              type="button"
              class="primary"
              data-action="transfer-now"
              onClick={() => onTransfer(ready)}
            >
              {t.transferNow}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
