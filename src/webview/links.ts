// Links never navigate the webview. A click on a link the sanitiser kept (http, https, mailto) asks the host to open
// it with the system's browser or mail client; anything else is ignored.
import { ExternalLinkSchema, WebviewMessage } from '../shared/protocol';

export function routeLinks(root: Document | HTMLElement, post: (message: WebviewMessage) => void): void {
  const onClick = (event: Event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link) return;
    event.preventDefault();
    if (event.type === 'auxclick' && (event as MouseEvent).button !== 1) return;
    const href = link.getAttribute('href');
    if (href && ExternalLinkSchema.safeParse(href).success) post({ type: 'open_link', href });
  };
  root.addEventListener('click', onClick, true);
  root.addEventListener('auxclick', onClick, true);
}
