// The turn's "Instructions: AGENTS.md, src/AGENTS.md (cut)" line: each name is a link-styled button that asks the host
// to open that file. Names are shown with hidden characters spelled out, as every path in the chat is.
import { invisibleWarning, revealInvisible } from '../shared/invisibleText';
import type { InstructionFile, WebviewMessage } from '../shared/protocol';
import { el, icon } from './dom';

export function instructionsLine(files: readonly InstructionFile[], post: (message: WebviewMessage) => void): HTMLElement {
  const line = el('div.cw-instructions', { role: 'note', 'aria-label': 'Instruction files of this turn' }, icon('book'), 'Instructions: ');
  files.forEach((file, index) => {
    const name = `${revealInvisible(file.label)}${file.truncated ? ' (cut)' : ''}`;
    const title = invisibleWarning(file.label) ?? (file.truncated ? `${file.path}: cut to fit the size cap` : file.path);
    const button = el('button.cw-instructions-file', { type: 'button', title }, name);
    button.addEventListener('click', () => post({ type: 'open_instruction_file', path: file.path }));
    line.append(...(index > 0 ? [', '] : []), button);
  });
  return line;
}
