/**
 * What the user has chosen on the uploader. Listeners sit on `document` in the capture phase, so
 * inputs the page adds later are seen too, and nothing is ever prevented: the page handles its
 * own inputs and drops.
 *
 * The selection is a list of batches in the order they arrived:
 * - a choice in a file input replaces that input's earlier batch (an empty choice removes it);
 * - every drop adds a batch.
 * The page's own queue (files removed from it, uploads finished) is not visible from here.
 */

type Batch = { source: EventTarget | null; files: File[] };

export interface SelectionWatcher {
  files(): File[];
  stop(): void;
}

export function watchSelection(doc: Document, onChange: (files: File[]) => void): SelectionWatcher {
  let batches: Batch[] = [];
  const files = () => batches.flatMap((b) => b.files);
  const add = (source: EventTarget | null, list: FileList | null | undefined) => {
    const chosen = list ? Array.from(list) : [];
    const before = batches.length;
    if (source) batches = batches.filter((b) => b.source !== source);
    if (!chosen.length && batches.length === before) return;
    if (chosen.length) batches.push({ source, files: chosen });
    onChange(files());
  };
  const onInput = (event: Event) => {
    const input = event.target as HTMLInputElement | null;
    if (input?.localName === 'input' && input.type === 'file') add(input, input.files);
  };
  const onDrop = (event: Event) => add(null, (event as DragEvent).dataTransfer?.files);
  doc.addEventListener('change', onInput, true);
  doc.addEventListener('drop', onDrop, true);
  return {
    files,
    stop: () => {
      doc.removeEventListener('change', onInput, true);
      doc.removeEventListener('drop', onDrop, true);
      batches = [];
    },
  };
}
