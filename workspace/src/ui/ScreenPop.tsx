/** The screen pop: who is calling and why, from the card the API returned. Renders only what it is given. */
import type { Card } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';

export interface ScreenPopProps {
  card: Card;
  t: Messages;
  /** Formats an instant for the agent (locale and zone of the browser). */
  formatTime: (iso: string) => string;
}

export function ScreenPop({ card, t, formatTime }: ScreenPopProps) {
  const c = card.customer;
  return (
    <section class="card screen-pop" aria-labelledby="pop-title" data-contact-id={card.contactId}>
      <h2 id="pop-title">
        {c ? c.name : t.unknownCaller}
        {c?.vipTier === 'VIP' ? (
          <span class="badge vip" data-field="vip">
            VIP
          </span>
        ) : null}
      </h2>
      <dl class="facts">
        <Fact label={t.vipTier} field="tier" value={c ? t.tier(c.vipTier) : t.none} />
        <Fact label={t.language} field="language" value={c?.language ?? t.none} />
        <Fact label={t.openCase} field="openCase" value={c?.openCase ?? t.none} />
        <Fact label={t.intent} field="intent" value={card.intent ?? t.none} />
        <Fact label={t.repeatCaller} field="repeatCaller" value={card.repeatCaller ? t.yes : t.no} />
        <Fact label={t.queue} field="queue" value={card.queue} />
        <Fact
          label={t.dncStatus}
          field="dnc"
          value={card.dnc.blocked ? t.dncBlocked(card.dnc.sources.join(', ')) : t.dncClear}
        />
      </dl>
      {card.transfer ? (
        <section class="transfer-info" aria-labelledby="transfer-title" data-field="transfer">
          <h3 id="transfer-title">{t.transferred}</h3>
          <dl class="facts">
            <Fact label={t.transferNote} field="transferNote" value={card.transfer.note} />
            <Fact label={t.transferReason} field="transferReason" value={card.transfer.reason} />
            <Fact label={t.transferMode} field="transferMode" value={t.mode(card.transfer.mode)} />
            <Fact label={t.transferFrom} field="transferFrom" value={card.transfer.fromAgent} />
          </dl>
        </section>
      ) : null}
      {card.pendingCallback ? (
        <p class="notice" data-field="pendingCallback">
          {t.pendingCallback(card.pendingCallback.queue, formatTime(card.pendingCallback.requestedAt))}
        </p>
      ) : null}
      <section aria-labelledby="history-title">
        <h3 id="history-title">{t.history}</h3>
        {card.history.length === 0 ? (
          <p>{t.noHistory}</p>
        ) : (
          <table class="history" data-field="history">
            <thead>
              <tr>
                <th scope="col">{t.historyDate}</th>
                <th scope="col">{t.queue}</th>
                <th scope="col">{t.disposition}</th>
                <th scope="col">{t.notes}</th>
                <th scope="col">{t.surveyScore}</th>
              </tr>
            </thead>
            <tbody>
              {card.history.map((h) => (
                <tr key={h.contactId}>
                  <td>{formatTime(h.startedAt)}</td>
                  <td>{h.queue}</td>
                  <td>{h.disposition ?? '–'}</td>
                  <td>{[...h.notes, ...h.tags.map((x) => `#${x}`)].join(' · ') || '–'}</td>
                  <td>{h.surveyScore ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function Fact({ label, value, field }: { label: string; value: string; field: string }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd data-field={field}>{value}</dd>
    </div>
  );
}
