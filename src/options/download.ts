/**
 * Save text as a file from the page, through an `<a download>` (no `downloads` permission). The
 * text may come in parts (a large export, read message by message): the file is their sequence.
 */
export function downloadText(text: string | readonly string[], filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob(typeof text === 'string' ? [text] : [...text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the object URL by now; give slow browsers a moment anyway.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
