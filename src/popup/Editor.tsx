/**
 * The entity editor. Every change is sent to the background the moment it is made, without
 * waiting for the answer to the one before, so closing the popup mid-typing loses nothing: a new
 * entity gets its random id here, its first saves all say `create`, and the background applies
 * one entity's saves in the order they were sent. The fields hold what the reader typed: answers
 * from the background never overwrite a field. The status says `Saved` once every change sent
 * has been stored (CONTRACT §4: the latest outcome only, so nothing while saves are on their way).
 *
 * The form itself is EditorFields.tsx, and the fields' texts, the patches they make and the
 * merging of stored texts into them are editor-texts.ts; this file keeps the state and the saves.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Entity } from '../core/entities/entity';
import { send } from '../shared/messaging';
import { useEntitiesChanged } from '../ui/entities-changed';
import { t } from '../ui/i18n';
import type { Prefill } from '../shared/prefill';
import { useKeptCaret } from './kept-caret';
import { textToLinks } from './fields';
import { EMPTY, patchFromTexts, resendPatch, textsOf, withStored, type Patch, type Texts } from './editor-texts';
import { EditorFields, type FieldErrors } from './EditorFields';

/** A save the background did not answer is sent again after these delays, then reported. */
const RETRY_DELAYS_MS = [300, 1_000, 3_000];

export function Editor(props: { id?: string; prefill?: Prefill; focusName?: boolean; onSaved: () => void; onDelete: (id: string, name: string) => void }) {
  const [texts, setTexts] = useState<Texts>(() => (props.prefill ? { ...EMPTY, ...props.prefill } : EMPTY));
  const [loaded, setLoaded] = useState(props.id === undefined);
  /** The entity asked for is not in the store (deleted meanwhile: from a stale list or by a sync). */
  const [gone, setGone] = useState(false);
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  /** A subscribed list's entity: only the reader's own notes can change. */
  const [readOnly, setReadOnly] = useState<{ listNotes: string }>();
  /** Two synced edits of the notes could not merge (docs/sync.md): said above the notes until resolved. */
  const [conflict, setConflict] = useState(false);
  const id = useRef(props.id);
  /** A new entity whose creation no answer has confirmed yet: its saves carry `create`. */
  const creating = useRef(false);
  /** Saves sent and not answered yet. */
  const pending = useRef(0);
  const storedLinks = useRef<Entity['links']>([]);
  const firstField = useRef<HTMLInputElement>(null);
  /** The fields as last known stored: what an answer, or a change made elsewhere, is compared with. */
  const base = useRef<Texts>(texts);
  /**
   * The notes text the editor last sent or took from the store: the next notes save was typed
   * over it (`notesBase`), so notes changed meanwhile elsewhere are merged in, not overwritten.
   */
  const sentNotes = useRef<string>(texts.notes);

  useEffect(() => {
    if (props.id === undefined) {
      firstField.current?.focus();
      // Opened from the page's context menu: the reader asked to add it, so it is saved at once.
      if (props.prefill) save(patchFromTexts(latest.current));
      return;
    }
    void send('getEntity', { id: props.id }).then(({ entity, readOnly: fromList, listNotes }) => {
      if (!entity) {
        setGone(true);
        return;
      }
      if (fromList) setReadOnly({ listNotes: listNotes ?? '' });
      storedLinks.current = entity.links;
      setConflict(entity.conflict === true);
      base.current = textsOf(entity);
      sentNotes.current = base.current.notes;
      latest.current = base.current;
      setTexts(base.current);
      setLoaded(true);
    });
  }, [props.id]);

  // An entity brought back by Undo: the focus goes to its name once it is shown.
  useEffect(() => {
    if (loaded && props.focusName && props.id !== undefined) firstField.current?.focus();
  }, [loaded]);

  /** Send one save now; a new entity is created by the first save that has a name. */
  const save = (patch: Patch, options: { overStored?: boolean } = {}) => {
    if (id.current === undefined) {
      if (!patch.name) return;
      id.current = crypto.randomUUID();
      creating.current = true;
    }
    // Until its creation is confirmed, every save of a new entity carries all its fields: whichever
    // the background applies first creates it whole.
    const create = creating.current;
    const full = create ? { ...patchFromTexts(latest.current), ...patch } : patch;
    let notesBase: string | undefined;
    if (full.notes !== undefined) {
      if (!create && !options.overStored) notesBase = sentNotes.current;
      sentNotes.current = full.notes;
    }
    pending.current++;
    setStatus('');
    send('saveEntity', { id: id.current, create: create || undefined, patch: full, notesBase }).then(
      (answer) => {
        pending.current--;
        if ('error' in answer) {
          setErrors((e) => ({ ...e, name: answer.error }));
          return;
        }
        creating.current = false;
        // Only the last answer is compared with the fields: an earlier one is a text the reader
        // has typed past (with fast keys, an old answer equal to a field's earlier value was
        // taken for a change made elsewhere and written back into the field; found by a probe).
        if (pending.current === 0) {
          reconcile(answer.entity, true);
          setStatus(t('saved'));
        }
        props.onSaved();
      },
      () => {
        pending.current--;
        // The background stopped before answering (a worker stopped mid-save): the save may or
        // may not have been written. The fields' current texts are sent again, so that what the
        // reader sees is what is stored; found lost by a probe, 2026-12-07.
        retryLater(Object.keys(patch) as (keyof Patch)[]);
      },
    );
  };

  /** Sends again so far after the last answer, and the fields waiting for the next (one timer for a burst). */
  const retries = useRef(0);
  const retry = useRef<{ fields: Set<keyof Patch>; timer?: ReturnType<typeof setTimeout> }>({ fields: new Set() });
  const retryLater = (failed: (keyof Patch)[]) => {
    for (const field of failed) retry.current.fields.add(field);
    if (retry.current.timer !== undefined) return; // one resend for every save that failed meanwhile
    if (retries.current >= RETRY_DELAYS_MS.length) {
      setStatus(t('notSaved'));
      return;
    }
    const delay = RETRY_DELAYS_MS[retries.current++];
    retry.current.timer = setTimeout(() => {
      const fields = [...retry.current.fields];
      retry.current = { fields: new Set() };
      if (id.current === undefined) return;
      const patch = resendPatch(latest.current, storedLinks.current, fields);
      // The reader's text over whatever is stored: after a failure, what it was typed over is not known.
      if (Object.keys(patch).length > 0) save(patch, { overStored: true });
    }, delay);
  };

  const latest = useRef(texts);
  latest.current = texts;

  /**
   * The stored entity, from a save's answer or after a change made elsewhere (an import, a sync,
   * another popup): a field the reader has not changed since `base` takes the stored text; a field
   * the reader has changed keeps the reader's text (its save is on its way, or this is its own
   * echo: CONTRACT §4, a focused field is never overwritten by its own echo). Until 2026-12-07 the
   * fields never followed the store, and typing in a stale one wrote its stale text over newer
   * notes (found by a probe).
   */
  const reconcile = (entity: Entity, ownLastAnswer = false) => {
    const stored = textsOf(entity);
    const before = base.current;
    base.current = stored;
    storedLinks.current = entity.links;
    setConflict(entity.conflict === true);
    retries.current = 0;
    const next = withStored(stored, before, latest.current, sentNotes.current, ownLastAnswer);
    if (!next) return;
    keepCaret(latest.current, next);
    latest.current = next;
    sentNotes.current = latest.current.notes;
    setTexts(latest.current);
  };

  // The focused field's caret stays where the reader was typing when the store's text comes in.
  const keepCaret = useKeptCaret<Texts>((el) => (el.id.startsWith('f-') ? (el.id.slice(2) as keyof Texts) : undefined));

  // Changes made elsewhere while the editor is open.
  useEntitiesChanged(() => {
    const current = id.current;
    // With saves on their way, their last answer compares (the change is in it).
    if (current === undefined || creating.current || !loaded || pending.current > 0) return;
    void send('getEntity', { id: current }).then(({ entity }) => {
      if (id.current !== current) return;
      if (entity) reconcile(entity);
      else if (pending.current === 0) setGone(true);
    }, () => undefined);
  });

  const edit = <K extends keyof Texts>(field: K, value: Texts[K]) => {
    setTexts((t) => ({ ...t, [field]: value }));
    latest.current = { ...latest.current, [field]: value };
    switch (field) {
      case 'name': {
        const name = String(value).trim();
        setErrors((e) => ({ ...e, name: name ? undefined : t('nameRequired') }));
        // An empty name is not stored: a `Saved` from the change before would say it was.
        if (name) save({ name });
        else setStatus('');
        return;
      }
      case 'links': {
        const parsed = textToLinks(String(value), storedLinks.current);
        setErrors((e) => ({ ...e, links: parsed.ok ? undefined : parsed.error }));
        // Refused links are not stored: a `Saved` from the change before would say they were.
        if (parsed.ok) save({ links: parsed.links });
        else setStatus('');
        return;
      }
      default:
        save(patchFromTexts({ ...EMPTY, [field]: value }, field));
    }
  };

  if (gone) return <section class="editor"><p class="muted">{t('entityGone')}</p></section>;
  if (!loaded) return <section class="editor" aria-busy="true"><p class="muted">{t('loading')}</p></section>;

  return (
    <section class="editor" aria-label={id.current ? t('editName', texts.name) : t('newEntity')}>
      <div class="toolbar">
        <h2>{id.current ? texts.name || t('untitled') : t('newEntity')}</h2>
        <p role="status" class="status ok">{status}</p>
      </div>
      <EditorFields texts={texts} errors={errors} readOnly={readOnly} conflict={conflict} firstField={firstField} edit={edit} />
      {id.current && !readOnly && (
        <p class="row">
          <button type="button" class="danger" onClick={() => id.current && props.onDelete(id.current, texts.name)}>{t('delete')}</button>
        </p>
      )}
    </section>
  );
}

