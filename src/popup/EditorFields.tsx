/**
 * The entity editor's form (Editor.tsx): a labelled control per field, with its error, the
 * read-only note of a subscribed list's entity and the notes' conflict note. Apart from the
 * editor because it only shows: it gets the texts and what to say, and hands every keystroke
 * to `edit`, while the editor decides what is saved and when.
 */
import type { RefObject } from 'preact';
import { ENTITY_TYPES, type EntityType } from '../core/entities/entity';
import { t } from '../ui/i18n';
import type { Texts } from './editor-texts';
import { useSettled } from './use-settled';

export interface FieldErrors {
  name?: string;
  links?: string;
}

export function EditorFields(props: {
  texts: Texts;
  errors: FieldErrors;
  /** Set for a subscribed list's entity: every field but the notes is read-only. */
  readOnly: { listNotes: string } | undefined;
  /** Whether to show the notes' conflict note. */
  conflict: boolean;
  firstField: RefObject<HTMLInputElement>;
  edit: <K extends keyof Texts>(field: K, value: Texts[K]) => void;
}) {
  const { texts, errors, readOnly, conflict, edit } = props;
  // Each field's error is tied to it (aria-describedby), which is read only when the field gets
  // focus; this live region says it while the reader types, once they pause.
  const spoken = useSettled([errors.name, errors.links].filter(Boolean).join(' '));
  return (
    <>
      <label for="f-name">{t('fieldName')}</label>
      <input id="f-name" ref={props.firstField} readOnly={readOnly !== undefined} type="text" name="name" value={texts.name} required
        aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'e-name' : undefined}
        onInput={(e) => edit('name', e.currentTarget.value)} />
      {errors.name && <p id="e-name" class="error">{errors.name}</p>}
      <label for="f-aliases">{t('fieldAliases')}</label>
      <textarea id="f-aliases" readOnly={readOnly !== undefined} name="aliases" rows={2} placeholder={t('aliasesPlaceholder')} value={texts.aliases}
        onInput={(e) => edit('aliases', e.currentTarget.value)} />
      <label for="f-type">{t('fieldType')}</label>
      <select id="f-type" disabled={readOnly !== undefined} name="type" value={texts.type} onChange={(e) => edit('type', e.currentTarget.value as EntityType)}>
        {ENTITY_TYPES.map((type) => <option key={type} value={type}>{t(`type_${type}`)}</option>)}
      </select>
      <label for="f-summary">{t('fieldSummary')}</label>
      <textarea id="f-summary" readOnly={readOnly !== undefined} name="summary" rows={2} value={texts.summary} onInput={(e) => edit('summary', e.currentTarget.value)} />
      {readOnly && (
        <div>
          <p class="muted">{t('readOnlyNote')}</p>
          {readOnly.listNotes && <p class="muted" style="white-space: pre-wrap">{readOnly.listNotes}</p>}
        </div>
      )}
      <label for="f-notes">{t('fieldNotes')}</label>
      {conflict && <p id="conflict-note" class="error" role="note">{t('conflictNote')}</p>}
      <textarea id="f-notes" name="notes" rows={5} value={texts.notes} aria-describedby={conflict ? 'conflict-note' : undefined}
        onInput={(e) => edit('notes', e.currentTarget.value)} />
      <label for="f-tags">{t('fieldTags')}</label>
      <input id="f-tags" readOnly={readOnly !== undefined} type="text" name="tags" placeholder={t('tagsPlaceholder')} value={texts.tags}
        onInput={(e) => edit('tags', e.currentTarget.value)} />
      <label for="f-links">{t('fieldLinks')}</label>
      <textarea id="f-links" readOnly={readOnly !== undefined} name="links" rows={2} placeholder={t('linksPlaceholder')} value={texts.links}
        aria-invalid={errors.links ? true : undefined} aria-describedby={errors.links ? 'e-links' : undefined}
        onInput={(e) => edit('links', e.currentTarget.value)} />
      {errors.links && <p id="e-links" class="error">{errors.links}</p>}
      <p id="field-errors-spoken" class="sr-only" aria-live="polite">{spoken}</p>
    </>
  );
}
