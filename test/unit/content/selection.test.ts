// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { watchSelection, type SelectionWatcher } from '../../../src/content/selection';

const file = (name: string, size = 1, type = 'image/jpeg') => new File([new Uint8Array(size)], name, { type });

/** happy-dom's FileList cannot be built directly: a DataTransfer's can. */
function fileList(files: File[]): FileList {
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  return transfer.files;
}

function choose(input: HTMLInputElement, files: File[]): void {
  Object.defineProperty(input, 'files', { value: fileList(files), configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function drop(target: Element, files: File[]): Event {
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { files: fileList(files) } });
  target.dispatchEvent(event);
  return event;
}

const names = (files: readonly File[]) => files.map((f) => f.name);

describe('watchSelection', () => {
  let watcher: SelectionWatcher | undefined;
  afterEach(() => {
    watcher?.stop();
    document.body.replaceChildren();
  });

  it('sees a change on a file input added after it started', () => {
    const seen: string[][] = [];
    watcher = watchSelection(document, (files) => seen.push(names(files)));
    const input = document.createElement('input');
    input.type = 'file';
    document.body.appendChild(input);
    choose(input, [file('a.jpg'), file('b.jpg')]);
    expect(seen).toEqual([['a.jpg', 'b.jpg']]);
    expect(names(watcher.files())).toEqual(['a.jpg', 'b.jpg']);
  });

  it('hears inputs that stop the event bubbling (capture phase)', () => {
    const seen: string[][] = [];
    watcher = watchSelection(document, (files) => seen.push(names(files)));
    const input = document.createElement('input');
    input.type = 'file';
    input.addEventListener('change', (e) => e.stopPropagation());
    document.body.appendChild(input);
    choose(input, [file('a.jpg')]);
    expect(seen).toEqual([['a.jpg']]);
  });

  it('replaces an input’s files on a new choice and drops them on an empty one', () => {
    watcher = watchSelection(document, () => {});
    const [one, two] = [document.createElement('input'), document.createElement('input')];
    for (const input of [one, two]) {
      input.type = 'file';
      document.body.appendChild(input);
    }
    choose(one, [file('a.jpg')]);
    choose(two, [file('b.jpg')]);
    choose(one, [file('c.jpg')]);
    expect(names(watcher.files())).toEqual(['b.jpg', 'c.jpg']);
    choose(two, []);
    expect(names(watcher.files())).toEqual(['c.jpg']);
  });

  it('adds each drop as a batch, keeps sizes and types, and never prevents the drop', () => {
    const seen: string[][] = [];
    watcher = watchSelection(document, (files) => seen.push(names(files)));
    const zone = document.createElement('div');
    document.body.appendChild(zone);
    const first = drop(zone, [file('a.jpg', 3)]);
    drop(zone, [file('IMG.MOV', 0, '')]);
    drop(zone, []); // a text drag: no files, no change
    expect(first.defaultPrevented).toBe(false);
    expect(seen).toEqual([['a.jpg'], ['a.jpg', 'IMG.MOV']]);
    expect(watcher.files().map((f) => [f.size, f.type])).toEqual([
      [3, 'image/jpeg'],
      [0, ''],
    ]);
  });

  it('ignores changes on other inputs and forgets everything when stopped', () => {
    const seen: string[][] = [];
    watcher = watchSelection(document, (files) => seen.push(names(files)));
    const text = document.createElement('input');
    document.body.appendChild(text);
    text.dispatchEvent(new Event('change', { bubbles: true }));
    expect(seen).toEqual([]);
    drop(document.body, [file('a.jpg')]);
    watcher.stop();
    expect(watcher.files()).toEqual([]);
    drop(document.body, [file('b.jpg')]);
    expect(seen).toEqual([['a.jpg']]);
  });
});
