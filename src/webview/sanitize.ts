// Model output reaches the DOM only through here. Markdown is rendered with raw HTML off, and the result is then
// sanitised with a strict allowlist: no scripts, no event handlers, no styles, no forms, no embedded content, and
// links only to http(s) and mailto (opened by the host, never navigated in the view).
import DOMPurify, { type Config } from 'dompurify';

const purify = DOMPurify(window);

const ALLOWED_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];
/** Only the classes our renderer and highlight.js produce survive: model output cannot borrow the chat's own styling. */
const ALLOWED_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|cw-align-(?:left|center|right)|[\w]+_)$/;
export const SAFE_LINK = /^(?:https?:|mailto:)/i;

purify.addHook('uponSanitizeAttribute', (_node, data) => {
  if (data.attrName === 'class') {
    data.attrValue = data.attrValue
      .split(/\s+/)
      .filter((c) => ALLOWED_CLASS.test(c))
      .join(' ');
    if (!data.attrValue) data.keepAttr = false;
  }
});
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href');
    if (href && SAFE_LINK.test(href)) node.setAttribute('title', href);
    else node.removeAttribute('href');
  }
});

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: SAFE_LINK,
  // Attributes not known to hold no URL must match ALLOWED_URI_REGEXP: an ordered list's first number is one of them.
  ADD_URI_SAFE_ATTR: ['start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  FORBID_TAGS: [
    'style',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'svg',
    'math',
    'iframe',
    'object',
    'embed',
    'img',
    'video',
    'audio',
    'link',
    'meta',
    'base',
  ],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'target'],
  KEEP_CONTENT: true,
  RETURN_DOM_FRAGMENT: true,
};

/** Sanitises rendered Markdown into a fragment that is safe to insert. */
export function sanitize(html: string): DocumentFragment {
  return purify.sanitize(html, CONFIG);
}
