/** Notes: the saved notes and one draft that autosaves (status announced politely to screen readers). */
import type { CardNote } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';
import type { SaveStatus } from './autosave.ts';

export interface NotesPanelProps {
  t: Messages;
  notes: readonly CardNote[];
  draft: string;
  status: SaveStatus;
  onDraft(text: string): void;
  onBlur(): void;
  onNewNote(): void;
}

export function NotesPanel({ t, notes, draft, status, onDraft, onBlur, onNewNote }: NotesPanelProps) {
  return (
    <section class="panel" aria-labelledby="notes-title">
      <h3 id="notes-title">{t.notes}</h3>
      <label for="note-draft">{t.noteLabel}</label>
      <textarea
        id="note-draft"
        rows={3}
        value={draft}
        onInput={(e) => onDraft((e.currentTarget as HTMLTextAreaElement).value)}
        onBlur={onBlur}
      />
      <div class="row">
        <button type="button" onClick={onNewNote}>
          {t.newNote}
        </button>
        <span role="status" class="status" data-field="noteStatus">
          {t.noteStatus[status]}
        </span>
      </div>
      {notes.length > 0 ? (
        <ul class="saved-notes" aria-label={t.savedNotes} data-field="notes">
          {notes.map((n) => (
            <li key={n.noteId} data-note-id={n.noteId}>
              {n.text}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
