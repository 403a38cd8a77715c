/** Tags: the contact's tags as removable chips, and a field to add one (Enter or the button). */
import { useState } from 'preact/hooks';
import type { Messages } from '../i18n/messages.ts';

export interface TagsPanelProps {
  t: Messages;
  tags: readonly string[];
  onChange(tags: string[]): void;
}

export function TagsPanel({ t, tags, onChange }: TagsPanelProps) {
  const [text, setText] = useState('');
  const add = (e: Event) => {
    e.preventDefault();
    const tag = text.trim();
    if (tag === '' || tags.includes(tag)) return;
    onChange([...tags, tag]);
    setText('');
  };
  return (
    <section class="panel" aria-labelledby="tags-title">
      <h3 id="tags-title">{t.tags}</h3>
      <ul class="tags" data-field="tags">
        {tags.length === 0 ? <li class="muted">{t.noTags}</li> : null}
        {tags.map((tag) => (
          <li key={tag} class="tag">
            <span>{tag}</span>
            <button
              type="button"
              aria-label={t.removeTag(tag)}
              onClick={() => onChange(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form class="row" onSubmit={add}>
        <label for="tag-input">{t.tagInput}</label>
        <input
          id="tag-input"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">{t.addTag}</button>
      </form>
    </section>
  );
}
