// The "Codewright (fallback)" terminal: when the shell's integration never activates, commands run as child
// processes, and this pseudoterminal shows what runs and its live output, so the user still sees everything.
// Ctrl+C in it stops the running command.
import vscode = require('vscode');

/** Text written before VS Code opened the terminal is kept up to this many characters (the latest). */
const MAX_BUFFERED = 200_000;

export class FallbackTerminal implements vscode.Disposable {
  readonly terminal: vscode.Terminal;
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  private readonly interruptEmitter = new vscode.EventEmitter<void>();
  private opened = false;
  private closed = false;
  private buffered = '';
  private atLineStart = true;

  /** The user closed the terminal (or it was disposed). */
  readonly onDidClose = this.closeEmitter.event;
  /** The user pressed Ctrl+C in the terminal. */
  readonly onDidInterrupt = this.interruptEmitter.event;

  constructor(name: string) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writeEmitter.event,
      open: () => {
        this.opened = true;
        if (this.buffered) this.writeEmitter.fire(this.buffered);
        this.buffered = '';
      },
      close: () => this.markClosed(),
      handleInput: (data) => {
        if (data.includes('\x03')) this.interruptEmitter.fire();
      },
    };
    this.terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('terminal'), isTransient: true });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  show(): void {
    this.terminal.show(true);
  }

  /** Writes plain text; line ends become CRLF as a terminal needs. */
  write(text: string): void {
    if (this.closed || text === '') return;
    this.atLineStart = text.endsWith('\n');
    const data = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) this.writeEmitter.fire(data);
    else this.buffered = (this.buffered + data).slice(-MAX_BUFFERED);
  }

  /** The header shown before a command: the folder and the command line. */
  writeCommand(command: string, cwd: string): void {
    this.write(`\x1b[2m${cwd}\x1b[0m\n\x1b[1m$ ${command}\x1b[0m\n`);
  }

  /** A dimmed status line after a command: its exit code, a timeout or a stop. */
  writeStatus(status: string): void {
    this.write(`${this.atLineStart ? '' : '\n'}\x1b[2m[${status}]\x1b[0m\n\n`);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeEmitter.fire();
  }

  dispose(): void {
    this.markClosed();
    this.terminal.dispose();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
    this.interruptEmitter.dispose();
  }
}
