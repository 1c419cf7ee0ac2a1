import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CommandResult } from '../../../../../src/core/host';
import { runProcess } from '../../../../../src/core/shell/processRunner';
import { bubblewrapArgs } from '../../../../../src/core/shell/sandbox/bubblewrap';
import { detectSandbox, sandboxDenial, SandboxModeSchema, type SandboxPolicy } from '../../../../../src/core/shell/sandbox/sandbox';
import { seatbeltProfile } from '../../../../../src/core/shell/sandbox/seatbelt';

const node = JSON.stringify(process.execPath);

describe('sandbox', () => {
  let workspace: string;
  let outside: string;
  let policy: SandboxPolicy;

  beforeEach(async () => {
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-sandbox-ws-'));
    // Outside /tmp as well, which the sandbox replaces with a private one.
    outside = await fs.mkdtemp(path.join('/var/tmp', 'cw-sandbox-out-'));
    policy = { kind: 'bubblewrap', writable: [workspace], network: false };
  });
  afterEach(async () => {
    await fs.rm(workspace, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  const run = (command: string, extra: Partial<Parameters<typeof runProcess>[1]> = {}): Promise<CommandResult> =>
    runProcess(command, {
      callId: 'c',
      cwd: workspace,
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      sandbox: policy,
      ...extra,
    });

  it('finds bubblewrap on this Linux machine, and no sandbox where there is none', async () => {
    assert.equal(await detectSandbox('linux'), 'bubblewrap');
    assert.equal(await detectSandbox('win32'), undefined);
  });

  it('lets writes in the workspace land', async () => {
    const result = await run('echo landed > inside.txt && mkdir -p deep/er && echo x > deep/er/y');
    assert.deepEqual(result.outcome, { type: 'exit', exitCode: 0 }, result.stderr);
    assert.equal(await fs.readFile(path.join(workspace, 'inside.txt'), 'utf8'), 'landed\n');
    assert.equal(await fs.readFile(path.join(workspace, 'deep/er/y'), 'utf8'), 'x\n');
  });

  it('refuses a write outside the workspace, leaves nothing, and says it was the sandbox', async () => {
    const target = path.join(outside, 'escaped.txt');
    const result = await run(`echo escaped > ${target}`);
    assert.notDeepEqual(result.outcome, { type: 'exit', exitCode: 0 });
    await assert.rejects(fs.stat(target), /ENOENT/);
    assert.equal(sandboxDenial(result), 'it tried to write outside the workspace');
    const home = await run(`touch ${path.join(os.homedir(), '.codewright-sandbox-probe')}`);
    assert.equal(sandboxDenial(home), 'it tried to write outside the workspace');
    await assert.rejects(fs.stat(path.join(os.homedir(), '.codewright-sandbox-probe')), /ENOENT/);
  });

  it('gives each command a private /tmp that is gone afterwards', async () => {
    const marker = `cw-private-${process.pid}`;
    const result = await run(`echo x > /tmp/${marker} && cat /tmp/${marker}`);
    assert.equal(result.stdout, 'x\n', result.stderr);
    await assert.rejects(fs.stat(path.join('/tmp', marker)), /ENOENT/);
  });

  describe('network', () => {
    let server: net.Server;
    let port: number;
    let connections: number;
    beforeEach(async () => {
      connections = 0;
      server = net.createServer((socket) => {
        connections++;
        socket.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });
    afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const connect = () =>
      `${node} -e "require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', (e) => { console.error(e.message); process.exit(3); })"`;

    it('refuses a connection to a port on this machine', async () => {
      const result = await run(connect());
      assert.deepEqual(result.outcome, { type: 'exit', exitCode: 3 }, result.stderr);
      assert.equal(connections, 0);
      assert.equal(sandboxDenial(result), 'it tried to use the network');
    });

    it('allows it when codewright.sandbox.network allows the network', async () => {
      policy = { ...policy, network: true };
      const result = await run(connect());
      assert.deepEqual(result.outcome, { type: 'exit', exitCode: 0 }, result.stderr);
      assert.equal(connections, 1);
    });
  });

  it('kills the whole tree at the timeout', async () => {
    const marker = String(900_000 + (process.pid % 90_000));
    const result = await run(`sleep ${marker} & sleep ${marker} & (sleep ${marker}; true) & wait`, { timeoutMs: 700, killGraceMs: 200 });
    assert.deepEqual(result.outcome, { type: 'timeout' });
    const left: string[] = [];
    for (const pid of await fs.readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.split('\0').includes(marker)) left.push(pid);
    }
    assert.deepEqual(left, [], 'no sleep of the command is left running');
  });

  it('runs each command in a fresh process: nothing one defines reaches the next', async () => {
    await run('ls() { echo hijacked; }; export CW_LEAK=1');
    const result = await run('echo "${CW_LEAK:-clean}"; type ls | head -1');
    assert.match(result.stdout, /^clean\n/);
    assert.doesNotMatch(result.stdout, /hijacked|function/);
  });

  it('reads failures of its own as the command’s, not the sandbox’s', () => {
    const exit = (exitCode: number, stderr: string): CommandResult => ({ stdout: '', stderr, outcome: { type: 'exit', exitCode } });
    assert.equal(sandboxDenial(exit(1, 'npm ERR! Test failed')), undefined);
    assert.equal(sandboxDenial(exit(0, 'Read-only file system')), undefined);
    assert.equal(sandboxDenial({ stdout: '', stderr: '', outcome: { type: 'timeout' } }), undefined);
    assert.equal(sandboxDenial(exit(6, 'curl: (6) Could not resolve host: example.com')), 'it tried to use the network');
  });

  it('reads codewright.sandbox as auto or off', () => {
    assert.equal(SandboxModeSchema.parse('auto'), 'auto');
    assert.equal(SandboxModeSchema.safeParse('on').success, false);
  });
});

describe('sandbox command lines', () => {
  it('bubblewrap: everything read-only, the workspace writable, network only when allowed', () => {
    const args = bubblewrapArgs({ writable: ['/w/a', '/w/b'], network: false, cwd: '/w/a' });
    assert.ok(args.includes('--unshare-all') && !args.includes('--share-net'));
    const at = (flag: string, value: string) => args.findIndex((a, i) => a === flag && args[i + 1] === value);
    assert.ok(at('--ro-bind', '/') >= 0 && at('--bind', '/w/a') > at('--tmpfs', '/tmp') && at('--bind', '/w/b') > 0);
    assert.deepEqual(args.slice(-2), ['--chdir', '/w/a']);
    assert.ok(bubblewrapArgs({ writable: [], network: true, cwd: '/' }).includes('--share-net'));
  });

  it('Seatbelt: denies writes but to the workspace and temp folders, and the network unless allowed', () => {
    const profile = seatbeltProfile({
      writable: ['/Users/me/proj', '/Users/me/my "quoted" dir'],
      network: false,
      cwd: '/Users/me/proj',
      tmpDir: '/private/var/folders/x/T/cw',
    });
    assert.deepEqual(profile.split('\n'), [
      '(version 1)',
      '(allow default)',
      '(deny file-write*)',
      '(allow file-write* (subpath "/Users/me/proj") (subpath "/Users/me/my \\"quoted\\" dir") (subpath "/private/var/folders/x/T/cw"))',
      '(allow file-write* (literal "/dev/null") (literal "/dev/zero") (literal "/dev/tty") (literal "/dev/stdout") (literal "/dev/stderr"))',
      '(deny network*)',
      '',
    ]);
    const open = seatbeltProfile({ writable: [], network: true, cwd: '/', tmpDir: '/t' });
    assert.doesNotMatch(open, /deny network/);
  });
});
