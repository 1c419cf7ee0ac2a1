import assert from 'node:assert/strict';
import { stripAnsi, TerminalTextStream } from '../../../../src/core/shell/ansi';

describe('stripAnsi', () => {
  const table: [string, string, string][] = [
    ['plain text', 'hello\nworld\n', 'hello\nworld\n'],
    ['SGR colours', '\x1b[1;31merror\x1b[0m: bad\n', 'error: bad\n'],
    ['256 and true colour', '\x1b[38;5;196mred\x1b[38;2;1;2;3m!\x1b[m\n', 'red!\n'],
    ['private CSI (cursor hide/show, bracketed paste)', '\x1b[?25l\x1b[?2004hok\x1b[?25h\n', 'ok\n'],
    ['8-bit CSI', '\x9b31mred\x9b0m\n', 'red\n'],
    ['OSC title ended by BEL', '\x1b]0;my title\x07after\n', 'after\n'],
    ['OSC hyperlink ended by ST', '\x1b]8;;https://x.y\x1b\\link\x1b]8;;\x1b\\\n', 'link\n'],
    [
      'VS Code shell integration OSC 633',
      '\x1b]633;A\x07$ \x1b]633;B\x07\x1b]633;E;ls -la;nonce\x07\x1b]633;C\x07file\n\x1b]633;D;0\x07',
      '$ file\n',
    ],
    ['FinalTerm OSC 133', '\x1b]133;C\x07out\n\x1b]133;D;1\x07', 'out\n'],
    ['DCS string', '\x1bPq#0;2;0;0;0\x1b\\text\n', 'text\n'],
    ['charset selects', '\x1b(B\x1b)0plain\x1b(0\n', 'plain\n'],
    ['keypad and save/restore', '\x1b=\x1b7a\x1b8\x1b>\n', 'a\n'],
    ['CRLF', 'a\r\nb\r\n', 'a\nb\n'],
    ['bare CR overwrites', '10%\r20%\r30%\n', '30%\n'],
    ['CR overwrite keeps the longer tail', 'abcdef\rXY\n', 'XYcdef\n'],
    ['CR then erase line', 'Downloading 10%\r\x1b[KDone\n', 'Done\n'],
    ['erase whole line', 'junk\x1b[2K\rclean\n', 'clean\n'],
    ['cursor to column 1', 'old text\x1b[1Gnew\x1b[0K\n', 'new\n'],
    ['backspace', 'abd\bc\n', 'abc\n'],
    ['backspace at column 0', '\b\bx\n', 'x\n'],
    ['BEL and other controls vanish', 'a\x07b\x00c\x0ed\x0f\n', 'abcd\n'],
    ['tabs stay', 'a\tb\n', 'a\tb\n'],
    ['unterminated line is kept', 'prompt? ', 'prompt? '],
    ['unicode is untouched', 'héllo 🌍 日本\n', 'héllo 🌍 日本\n'],
  ];
  for (const [what, input, expected] of table) {
    it(what, () => assert.equal(stripAnsi(input), expected));
  }
});

describe('TerminalTextStream', () => {
  it('holds an escape sequence cut between chunks until it completes', () => {
    const s = new TerminalTextStream();
    assert.equal(s.push('a\x1b[3'), '');
    assert.equal(s.push('1mb\n\x1b]633;E;ec'), 'ab\n');
    assert.equal(s.push('ho\x07c\n'), 'c\n');
    assert.equal(s.end(), '');
  });

  it('gives completed lines as they arrive and the partial line at the end', () => {
    const s = new TerminalTextStream();
    assert.equal(s.push('one\ntw'), 'one\n');
    assert.equal(s.partialLine, 'tw');
    assert.equal(s.push('o\nthree'), 'two\n');
    assert.equal(s.end(), 'three');
  });

  it('handles CR split from its LF across chunks', () => {
    const s = new TerminalTextStream();
    assert.equal(s.push('line\r'), '');
    assert.equal(s.push('\nnext\n'), 'line\nnext\n');
  });

  it('gives the same text however the input is chunked', () => {
    const input = '\x1b[32mok\x1b[0m 1\r\n\x1b]633;C\x07progress 10%\rprogress 99%\x1b[K\n\x1b(Bdone\b!\n';
    const whole = stripAnsi(input);
    for (let size = 1; size <= 7; size++) {
      const s = new TerminalTextStream();
      let out = '';
      for (let i = 0; i < input.length; i += size) out += s.push(input.slice(i, i + size));
      out += s.end();
      assert.equal(out, whole, `chunk size ${size}`);
    }
    assert.equal(whole, 'ok 1\nprogress 99%\ndon!\n');
  });

  it('drops an unterminated OSC that grows without bound instead of holding it forever', () => {
    const s = new TerminalTextStream();
    s.push('\x1b]0;' + 'x'.repeat(70 * 1024));
    assert.equal(s.push('visible\n'), 'visible\n');
  });
});
