/**
 * Is the tab on Flickr's uploader? The uploader is a single-page app and content scripts are not
 * injected again on `history.pushState`, so path changes are followed in-page: the Navigation API
 * where the browser has it, `popstate` for back/forward, and — only without the Navigation API —
 * a one-second path poll (a string compare; pushState from page scripts fires no other event).
 */

export function isUploaderPath(pathname: string): boolean {
  return /^\/photos\/upload(\/|$)/i.test(pathname);
}

export const PATH_POLL_MS = 1000;

/**
 * Calls `onChange(true)` when the tab enters the uploader path (at once if it is already there)
 * and `onChange(false)` when it leaves. Returns a function that stops watching.
 */
export function watchActivation(onChange: (active: boolean) => void, win: Window = window): () => void {
  let active = false;
  const check = () => {
    const now = isUploaderPath(win.location.pathname);
    if (now !== active) {
      active = now;
      onChange(now);
    }
  };
  const navigation = (win as { navigation?: EventTarget }).navigation;
  const events: [EventTarget, string][] = [
    [win, 'popstate'],
    [win, 'pageshow'],
  ];
  if (navigation) events.push([navigation, 'navigatesuccess'], [navigation, 'currententrychange']);
  for (const [target, type] of events) target.addEventListener(type, check);
  const timer = navigation ? undefined : win.setInterval(check, PATH_POLL_MS);
  check();
  return () => {
    for (const [target, type] of events) target.removeEventListener(type, check);
    if (timer !== undefined) win.clearInterval(timer);
  };
}
