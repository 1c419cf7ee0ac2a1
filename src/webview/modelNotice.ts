// The header's lines about the model: which one was picked when none is configured (and why), and a warning when the
// model is shutting down, shut down or refused by the provider, with a button that switches to the served replacement.
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import { el, icon, textButton } from './dom';

type Config = Extract<HostMessage, { type: 'config' }>;

export class ModelNotice {
  readonly root: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly warning: HTMLElement;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.notice = el('div.cw-model-notice', { role: 'status' });
    this.warning = el('div.cw-model-warning', { role: 'alert' });
    this.root = el('div.cw-model-lines', {}, this.notice, this.warning);
    this.show({ type: 'config', models: [], model: '', effort: 'medium', efforts: [] });
  }

  show(config: Config): void {
    this.notice.textContent = config.notice ?? '';
    this.notice.hidden = config.notice === undefined;
    this.warning.replaceChildren();
    this.warning.hidden = config.warning === undefined;
    if (config.warning === undefined) return;
    this.warning.append(icon('warning'), el('span.cw-model-warning-text', {}, config.warning));
    const replacement = config.replacement;
    if (replacement !== undefined) {
      this.warning.append(
        textButton(`Switch to ${replacement}`, () => this.post({ type: 'switch_model', model: replacement }), { secondary: true }),
      );
    }
  }
}
