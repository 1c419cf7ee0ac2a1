// Building the chat's DOM by hand: small, typed, and never from HTML strings (model output goes through sanitize.ts).

type Attrs = Record<string, string | number | boolean | undefined>;
type TagOf<S extends string> = S extends `${infer T}.${string}` ? T : S;
type ElementOf<S extends string> = TagOf<S> extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[TagOf<S>] : HTMLElement;

/** `el('button.cw-button', { 'aria-label': 'Send' }, 'Send')`: a tag with classes after dots, attributes, then children. */
export function el<S extends string>(spec: S, attrs: Attrs = {}, ...children: (Node | string)[]): ElementOf<S> {
  const [tag, ...classes] = spec.split('.') as [string, ...string[]];
  const node = document.createElement(tag) as ElementOf<S>;
  if (classes.length) node.className = classes.join(' ');
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** A codicon glyph; decorative, so hidden from screen readers (the control around it carries the label). */
export function icon(name: string, extra = ''): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

/** An icon-only button: VS Code's toolbar look, labelled for screen readers and tooltips. */
export function iconButton(name: string, label: string, onClick: (event: MouseEvent) => void): HTMLButtonElement {
  const button = el('button.cw-icon-button', { type: 'button', title: label, 'aria-label': label }, icon(name));
  button.addEventListener('click', onClick);
  return button;
}

export function textButton(
  label: string,
  onClick: (event: MouseEvent) => void,
  options: { secondary?: boolean; iconName?: string } = {},
): HTMLButtonElement {
  const button = el(`button.cw-button${options.secondary ? '.cw-button-secondary' : ''}`, { type: 'button' });
  if (options.iconName) button.append(icon(options.iconName));
  button.append(label);
  button.addEventListener('click', onClick);
  return button;
}
