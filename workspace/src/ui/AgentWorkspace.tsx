/**
 * The agent workspace: follows the ContactSource (offered → card pops; connected; ACW → close with the
 * wrap-up check; ended → idle) and runs every action through the AgentApi port. The presentational
 * components below it only render what this gives them.
 *
 * Screen-pop timing uses the User Timing API: `santral:contact-event` when the source reports the offer,
 * `santral:screen-pop` measured once the card is in the DOM (the bench reads it; so can a RUM agent).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentApi } from '../api/client.ts';
import {
  AgentApiError,
  type Card,
  type Locale,
  type TransferContext,
  type TransferTarget,
} from '../api/types.ts';
import type { ContactEvent, ContactSource, ContactState } from '../contact/source.ts';
import { messagesFor } from '../i18n/messages.ts';
import { type Autosaver, createAutosaver, type SaveStatus } from './autosave.ts';
import { CallbackPanel } from './CallbackPanel.tsx';
import { DncAction } from './DncAction.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { ScreenPop } from './ScreenPop.tsx';
import { TagsPanel } from './TagsPanel.tsx';
import { TransferPanel } from './TransferPanel.tsx';
import { WrapUpPanel } from './WrapUpPanel.tsx';

export interface AgentWorkspaceProps {
  api: AgentApi;
  source: ContactSource;
  /** The agent's locale from the identity (token); the source's locale wins when it knows one. */
  locale: Locale;
  agentName: string;
  newNoteId?: () => string;
}

interface Current {
  contactId: string;
  state: ContactState;
}

export function AgentWorkspace({
  api,
  source,
  locale: identityLocale,
  agentName,
  newNoteId,
}: AgentWorkspaceProps) {
  const [locale, setLocale] = useState<Locale>(identityLocale);
  const t = messagesFor(locale);
  const [current, setCurrent] = useState<Current | null>(null);
  const [card, setCard] = useState<Card | null>(null);
  const [cardError, setCardError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [noteStatus, setNoteStatus] = useState<SaveStatus>('idle');
  const [targets, setTargets] = useState<TransferTarget[]>([]);
  const [transferReady, setTransferReady] = useState<TransferTarget | null>(null);
  const [callbackQueue, setCallbackQueue] = useState<string | null>(null);
  const saver = useRef<Autosaver | null>(null);
  const noteId = useRef<string>('');
  const contactRef = useRef<string | null>(null);
  const makeNoteId = useMemo(() => newNoteId ?? (() => crypto.randomUUID()), [newNoteId]);

  const formatTime = useCallback(
    (iso: string) =>
      new Date(iso).toLocaleString(locale === 'tr' ? 'tr-TR' : 'en-US', {
        dateStyle: 'medium',
        timeStyle: 'short',
      }),
    [locale],
  );

  const fail = useCallback(
    (err: unknown) => {
      const msg =
        err instanceof AgentApiError && err.code === 'not_your_contact'
          ? messagesFor(locale).notYourContact
          : (err as Error).message;
      setMessage(messagesFor(locale).actionFailed(msg));
    },
    [locale],
  );

  const startNote = useCallback(
    (contactId: string) => {
      saver.current?.dispose();
      noteId.current = makeNoteId();
      const id = noteId.current;
      setDraft('');
      setNoteStatus('idle');
      saver.current = createAutosaver({
        save: async (text) => {
          const saved = await api.saveNote(contactId, id, text);
          setCard((c) => {
            if (!c || c.contactId !== contactId) return c;
            const note = { noteId: id, text, author: agentName, savedAt: saved.savedAt };
            const others = c.notes.filter((n) => n.noteId !== id);
            return { ...c, notes: [...others, note] };
          });
        },
        onStatus: setNoteStatus,
        // Lost answers and server faults are retried under the same noteId; a refused text is not.
        retryable: (err) => !(err instanceof AgentApiError) || err.status === 0 || err.status >= 500,
      });
    },
    [api, agentName, makeNoteId],
  );

  const loadCard = useCallback(
    async (contactId: string) => {
      setCardError(null);
      try {
        const c = await api.card(contactId);
        if (contactRef.current === contactId) setCard(c);
      } catch (err) {
        if (contactRef.current !== contactId) return;
        const m = messagesFor(locale);
        setCardError(
          err instanceof AgentApiError && err.code === 'not_your_contact'
            ? m.notYourContact
            : m.cardError((err as Error).message),
        );
      }
    },
    [api, locale],
  );

  useEffect(() => {
    let live = true;
    void source.locale().then((l) => {
      if (live && l) setLocale(l);
    });
    void source.transferTargets().then((x) => {
      if (live) setTargets(x);
    });
    const onEvent = (e: ContactEvent) => {
      if (e.state === 'offered' || contactRef.current !== e.contactId) {
        if (e.state === 'ended') return;
        performance.mark('santral:contact-event', { detail: { contactId: e.contactId } });
        contactRef.current = e.contactId;
        // The card request goes out first; the state below renders while it is in flight.
        void loadCard(e.contactId);
        setCurrent({ contactId: e.contactId, state: e.state });
        setCard(null);
        setMessage(null);
        setTransferReady(null);
        setCallbackQueue(null);
        startNote(e.contactId);
        return;
      }
      if (e.state === 'ended') {
        void saver.current?.flush();
        contactRef.current = null;
        setCurrent(null);
        setCard(null);
        return;
      }
      setCurrent({ contactId: e.contactId, state: e.state });
    };
    const off = source.subscribe(onEvent);
    return () => {
      live = false;
      off();
      saver.current?.dispose();
    };
  }, [source, startNote, loadCard]);

  // A layout effect runs once the card's DOM is committed (the browser paints it next): close the measure.
  useLayoutEffect(() => {
    if (!card) return;
    const marks = performance.getEntriesByName('santral:contact-event', 'mark');
    const start = marks[marks.length - 1];
    if (start)
      performance.measure('santral:screen-pop', {
        start: start.startTime,
        detail: { contactId: card.contactId },
      });
  }, [card?.contactId]);

  const contactId = current?.contactId;
  const act = async <T,>(fn: (id: string) => Promise<T>): Promise<T | undefined> => {
    if (!contactId) return undefined;
    setMessage(null);
    try {
      return await fn(contactId);
    } catch (err) {
      fail(err);
      return undefined;
    }
  };

  const onTags = (tags: string[]) =>
    void act(async (id) => {
      const r = await api.setTags(id, tags);
      setCard((c) => (c ? { ...c, tags: r.tags } : c));
    });
  const onWrapUp = (code: string) =>
    void act(async (id) => {
      const r = await api.setWrapUp(id, code);
      setCard((c) => (c ? { ...c, wrapUp: { ...c.wrapUp, selected: r.code } } : c));
    });
  const onClose = () =>
    void (async () => {
      if (!contactId) return;
      setMessage(null);
      await saver.current?.flush();
      try {
        await api.complete(contactId);
      } catch (err) {
        if (err instanceof AgentApiError && err.status === 409) setMessage(t.wrapUpNeeded);
        else fail(err);
        return;
      }
      try {
        await source.clearContact(contactId);
        setMessage(t.contactClosed);
      } catch (err) {
        fail(err);
      }
    })();
  const onDnc = () =>
    void act(async (id) => {
      const r = await api.markDnc(id);
      setCard((c) =>
        c ? { ...c, dnc: { blocked: r.blocked, sources: [...new Set([...c.dnc.sources, 'agent'])] } } : c,
      );
    });
  const onSaveTransfer = (ctx: TransferContext) =>
    void act(async (id) => {
      await api.setTransferContext(id, ctx);
      setTransferReady(
        targets.find((x) => x.type === ctx.target.type && x.name === ctx.target.name) ?? ctx.target,
      );
    });
  const onTransfer = (target: TransferTarget) =>
    void act(async (id) => {
      await source.transfer?.(id, target);
      setMessage(t.transferDone(target.label ?? target.name));
    });
  const onCallback = (number: string | undefined) =>
    void act(async (id) => {
      const r = await api.requestCallback(id, number ? { number } : {});
      setCallbackQueue(r.queue);
    });

  return (
    <div class="workspace" lang={locale}>
      <header class="top">
        <h1>{t.appTitle}</h1>
        <p class="who">{t.signedInAs(agentName)}</p>
        <p class="state" role="status" data-field="contactState">
          {t.state[current?.state ?? 'idle']}
        </p>
      </header>
      <main>
        {message ? (
          <p class="message" role="alert" data-field="message">
            {message}
          </p>
        ) : null}
        {current && !card && !cardError ? <p aria-busy="true">{t.loadingCard}</p> : null}
        {cardError ? (
          <p class="message" role="alert" data-field="cardError">
            {cardError}
          </p>
        ) : null}
        {card ? (
          <div class="layout">
            <ScreenPop card={card} t={t} formatTime={formatTime} />
            <div class="actions">
              <NotesPanel
                t={t}
                notes={card.notes}
                draft={draft}
                status={noteStatus}
                onDraft={(text) => {
                  setDraft(text);
                  if (text.trim() !== '') saver.current?.update(text);
                }}
                onBlur={() => void saver.current?.flush()}
                onNewNote={() =>
                  void (async () => {
                    await saver.current?.flush();
                    if (contactId) startNote(contactId);
                  })()
                }
              />
              <TagsPanel t={t} tags={card.tags} onChange={onTags} />
              <WrapUpPanel
                t={t}
                wrapUp={card.wrapUp}
                inAcw={current?.state === 'acw'}
                onSelect={onWrapUp}
                onClose={onClose}
              />
              <DncAction t={t} blocked={card.dnc.blocked} onConfirm={onDnc} />
              <TransferPanel
                t={t}
                targets={targets}
                ready={transferReady}
                canTransfer={source.transfer !== undefined && current?.state === 'connected'}
                onSave={onSaveTransfer}
                onTransfer={onTransfer}
              />
              <CallbackPanel t={t} requestedQueue={callbackQueue} onRequest={onCallback} />
            </div>
          </div>
        ) : null}
      </main>
    </div>
  );
}
