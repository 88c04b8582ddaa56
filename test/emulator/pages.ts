/** The emulated www.flickr.com pages: plain, self-contained HTML with inline script only. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function page(title: string, body: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: sans-serif; margin: 0; }
  header { background: #212124; color: #fff; padding: 8px 16px; display: flex; gap: 16px; }
  header a { color: #fff; }
  main { padding: 16px; }
  #drop-zone { border: 2px dashed #999; padding: 40px; text-align: center; margin: 16px 0; }
  #drop-zone.over { border-color: #0063dc; background: #eef5ff; }
</style>
</head>
<body>
<header>
  <a href="/" data-spa>Flickr</a>
  <a href="/photos/upload/" data-spa id="upload-link">Upload</a>
  <a href="/account">Account</a>
</header>
<main id="app">${body}</main>
${script ? `<script>${script}</script>` : ''}
</body>
</html>
`;
}

/**
 * Home and uploader are one single-page app, like Flickr's: the "Upload" link switches to the
 * uploader with history.pushState, without a page load.
 */
const APP_SCRIPT = String.raw`
(() => {
  const app = document.getElementById('app');
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  function renderHome() {
    document.title = 'Flickr: Home';
    app.replaceChildren(
      el('h1', {}, 'Welcome to Flickr'),
      el('p', {}, 'Find your inspiration. Share your photos.'),
    );
  }

  function renderUploader() {
    document.title = 'Flickr: Upload';
    const list = el('ul', { id: 'file-list' });
    const show = (files) => {
      for (const file of files) list.append(el('li', {}, file.name + ' (' + file.size + ' bytes)'));
    };
    const picker = (id) => {
      const input = el('input', { type: 'file', multiple: true, id });
      input.addEventListener('change', () => show(input.files));
      return input;
    };
    const zone = el('div', { id: 'drop-zone' }, 'Drag and drop photos and videos here');
    for (const type of ['dragenter', 'dragover']) {
      zone.addEventListener(type, (event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        zone.classList.add('over');
      });
    }
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      show(event.dataTransfer.files);
    });
    const pickers = el('div', { id: 'pickers' }, picker('file-input'));
    let added = 1;
    const addButton = el('button', { type: 'button', id: 'add-input' }, 'Add more files');
    addButton.addEventListener('click', () => {
      added += 1;
      pickers.append(picker('file-input-' + added));
    });
    app.replaceChildren(el('h1', {}, 'Upload to Flickr'), zone, pickers, addButton, list);
  }

  function route() {
    if (location.pathname.replace(/\/$/, '') === '/photos/upload') renderUploader();
    else renderHome();
  }

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-spa]') : null;
    if (!link) return;
    event.preventDefault();
    history.pushState({}, '', link.getAttribute('href'));
    route();
  });
  window.addEventListener('popstate', route);
  route();
})();
`;

export function appShell(): string {
  return page('Flickr', '', APP_SCRIPT);
}

export function accountPage(username: string): string {
  return page(
    'Flickr: Account',
    `<h1>Your account</h1>
<p>Signed in as ${escapeHtml(username)}.</p>
<p>Free accounts can keep up to 1,000 photos and videos. Upgrade to Pro for unlimited storage.</p>`,
  );
}

export function authorizePage(appName: string, token: string, perms: string): string {
  const name = escapeHtml(appName);
  return page(
    `Flickr: Authorize ${appName}`,
    `<h1>Authorize ${name}?</h1>
<p>${name} wants to access your Flickr account with <strong>${escapeHtml(perms)}</strong> permission.</p>
<form method="post" action="/services/oauth/authorize">
  <input type="hidden" name="oauth_token" value="${escapeHtml(token)}">
  <input type="hidden" name="perms" value="${escapeHtml(perms)}">
  <button type="submit" name="decision" value="approve">OK, I'll authorize it</button>
  <button type="submit" name="decision" value="cancel">No thanks</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(`Flickr: ${title}`, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
