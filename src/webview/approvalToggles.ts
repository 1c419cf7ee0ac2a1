// The approval modes in the chat header: how edits and commands are approved, the settings codewright.approval.edits
// and codewright.approval.commands. The host owns the settings: a change is posted and the view shows what it reports.
import { CommandApprovalSchema, EditApprovalSchema, type ApprovalModes, type WebviewMessage } from '../shared/protocol';
import { el } from './dom';

type EditMode = ApprovalModes['edits'];
type CommandMode = ApprovalModes['commands'];

const EDIT_LABELS: Record<EditMode, string> = { ask: 'Ask', auto: 'Apply', never: 'Off' };
const EDIT_TITLES: Record<EditMode, string> = {
  ask: 'Edits: open each proposed edit as a diff and wait for Accept or Reject',
  auto: 'Edits: apply at once (each stays reviewable, and Undo restores the file)',
  never: 'Edits: off (the model is told it cannot change files)',
};
const COMMAND_LABELS: Record<CommandMode, string> = { ask: 'Ask', allowlist: 'Allowlist', auto: 'Run', never: 'Off' };
const COMMAND_TITLES: Record<CommandMode, string> = {
  ask: 'Commands: ask before every command',
  allowlist: 'Commands: run those on the allowlist (codewright.commands.allow) at once, ask for the rest',
  auto: 'Commands: run without asking (the deny list still applies)',
  never: 'Commands: off (the model is told it cannot run commands)',
};

export class ApprovalToggles {
  readonly root: HTMLElement;
  private readonly edits: HTMLSelectElement;
  private readonly commands: HTMLSelectElement;

  constructor(post: (message: WebviewMessage) => void) {
    this.edits = select('Edits', EditApprovalSchema.options, EDIT_LABELS);
    this.commands = select('Commands', CommandApprovalSchema.options, COMMAND_LABELS);
    this.edits.addEventListener('change', () => {
      const parsed = EditApprovalSchema.safeParse(this.edits.value);
      if (parsed.success) post({ type: 'set_approval', edits: parsed.data });
      this.edits.title = parsed.success ? EDIT_TITLES[parsed.data] : '';
    });
    this.commands.addEventListener('change', () => {
      const parsed = CommandApprovalSchema.safeParse(this.commands.value);
      if (parsed.success) post({ type: 'set_approval', commands: parsed.data });
      this.commands.title = parsed.success ? COMMAND_TITLES[parsed.data] : '';
    });
    this.root = el(
      'div.cw-approvals',
      { role: 'group', 'aria-label': 'Approval modes' },
      el('label.cw-approval', {}, 'Edits', this.edits),
      el('label.cw-approval', {}, 'Commands', this.commands),
    );
    this.root.hidden = true;
  }

  show(modes: ApprovalModes): void {
    this.edits.value = modes.edits;
    this.edits.title = EDIT_TITLES[modes.edits];
    this.commands.value = modes.commands;
    this.commands.title = COMMAND_TITLES[modes.commands];
    this.root.hidden = false;
  }
}

function select<T extends string>(name: string, values: readonly T[], labels: Record<T, string>): HTMLSelectElement {
  return el(
    'select.cw-select.cw-approval-select',
    { 'aria-label': `${name} approval` },
    ...values.map((v) => el('option', { value: v }, labels[v])),
  );
}
