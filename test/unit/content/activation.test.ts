// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isUploaderPath, PATH_POLL_MS, watchActivation } from '../../../src/content/activation';

describe('isUploaderPath', () => {
  it('matches /photos/upload and below only', () => {
    expect(isUploaderPath('/photos/upload')).toBe(true);
    expect(isUploaderPath('/photos/upload/')).toBe(true);
    expect(isUploaderPath('/photos/upload/edit/?ids=1')).toBe(true);
    expect(isUploaderPath('/photos/uploads')).toBe(false);
    expect(isUploaderPath('/photos/someone/upload')).toBe(false);
    expect(isUploaderPath('/')).toBe(false);
  });
});

describe('watchActivation', () => {
  let stop: (() => void) | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    history.replaceState(null, '', '/photos/me/');
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
    delete (window as { navigation?: unknown }).navigation;
    vi.useRealTimers();
  });

  it('follows pushState into and out of /photos/upload/ (path poll)', () => {
    const changes: boolean[] = [];
    stop = watchActivation((active) => changes.push(active));
    expect(changes).toEqual([]);
    history.pushState(null, '', '/photos/upload/');
    vi.advanceTimersByTime(PATH_POLL_MS);
    expect(changes).toEqual([true]);
    history.pushState(null, '', '/photos/upload/edit/');
    vi.advanceTimersByTime(PATH_POLL_MS);
    expect(changes).toEqual([true]);
    history.pushState(null, '', '/photos/me/');
    vi.advanceTimersByTime(PATH_POLL_MS);
    expect(changes).toEqual([true, false]);
  });

  it('activates at once when loaded on the uploader', () => {
    history.replaceState(null, '', '/photos/upload');
    const changes: boolean[] = [];
    stop = watchActivation((active) => changes.push(active));
    expect(changes).toEqual([true]);
  });

  it('reacts without waiting for the poll to Navigation API events and popstate', () => {
    const navigation = new EventTarget();
    (window as { navigation?: unknown }).navigation = navigation;
    const changes: boolean[] = [];
    stop = watchActivation((active) => changes.push(active));
    history.pushState(null, '', '/photos/upload/');
    navigation.dispatchEvent(new Event('navigatesuccess'));
    expect(changes).toEqual([true]);
    history.pushState(null, '', '/explore');
    navigation.dispatchEvent(new Event('currententrychange'));
    expect(changes).toEqual([true, false]);
    history.pushState(null, '', '/photos/upload/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(changes).toEqual([true, false, true]);
  });

  it('stops watching when asked', () => {
    const changes: boolean[] = [];
    watchActivation((active) => changes.push(active))();
    history.pushState(null, '', '/photos/upload/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(PATH_POLL_MS * 3);
    expect(changes).toEqual([]);
  });
});

describe('watchActivation with the Navigation API', () => {
  it('listens to navigation events and does not poll', () => {
    vi.useFakeTimers();
    history.replaceState(null, '', '/photos/me/');
    const navigation = new EventTarget();
    (window as { navigation?: unknown }).navigation = navigation;
    const interval = vi.spyOn(window, 'setInterval');
    const changes: boolean[] = [];
    const stop = watchActivation((active) => changes.push(active));
    history.pushState(null, '', '/photos/upload/');
    vi.advanceTimersByTime(10 * PATH_POLL_MS);
    expect(changes).toEqual([]); // no poll to notice it
    navigation.dispatchEvent(new Event('navigatesuccess'));
    expect(changes).toEqual([true]);
    expect(interval).not.toHaveBeenCalled();
    stop();
    interval.mockRestore();
    delete (window as { navigation?: unknown }).navigation;
    vi.useRealTimers();
  });
});
