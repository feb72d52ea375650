/**
 * `Delete all entities`, behind a confirmation (a modal `<dialog>`, which keeps the focus inside
 * and closes on Escape). The entities are kept as a backup for 7 days: the confirmation says so,
 * and `Backups` above lists it.
 */
import { useRef, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { t } from '../ui/i18n';

export function DeleteAll(props: { onDeleted: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      const { count } = await send('deleteAllEntities', {});
      setStatus(t('deletedAll', count));
      props.onDeleted();
    } catch {
      // The background stopped before answering (found by a probe): the deletion is one
      // transaction, so it happened whole or not at all; the count above says which.
      setStatus(t('deleteAllInterrupted'));
      props.onDeleted();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  };

  return (
    <section aria-labelledby="h-delete-all">
      <h2 id="h-delete-all">{t('deleteAllTitle')}</h2>
      <p class="muted">{t('deleteAllText')}</p>
      <button type="button" class="danger" onClick={() => dialog.current?.showModal()}>{t('deleteAllEntities')}</button>
      <p role="status" class="status ok">{status}</p>
      <dialog ref={dialog} aria-labelledby="delete-all-q">
        <p id="delete-all-q">{t('deleteAllConfirm')}</p>
        <div class="row">
          <button type="button" class="danger" disabled={busy} onClick={() => void confirm()}>{t('deleteAllYes')}</button>
          <button type="button" autofocus onClick={() => dialog.current?.close()}>{t('cancel')}</button>
        </div>
      </dialog>
    </section>
  );
}
