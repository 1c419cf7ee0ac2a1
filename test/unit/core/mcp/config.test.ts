import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseMcpConfig, parseMcpConfigText, readMcpConfigFile } from '../../../../src/core/mcp/config';

const FILE = '/ws/.vscode/mcp.json';
const context = { env: { GITHUB_TOKEN: 'ghp_secret', HOME: '/home/u' }, workspaceFolder: '/ws' };

describe('MCP configuration', () => {
  it("reads stdio and http servers in VS Code's mcp.json shape, with comments and trailing commas", () => {
    const text = `{
      // the servers this project uses
      "servers": {
        "fs": { "type": "stdio", "command": "npx", "args": ["-y", "server-filesystem", "\${workspaceFolder}"],
                "env": { "DEBUG": 1, "DROP": null } },
        "github": { "type": "http", "url": "https://api.example.com/mcp", "headers": { "Authorization": "Bearer \${env:GITHUB_TOKEN}" }, },
      },
      "inputs": [],
    }`;
    const { servers, problems } = parseMcpConfigText(text, FILE, context);
    assert.deepEqual(problems, []);
    assert.deepEqual(servers, [
      {
        name: 'fs',
        source: FILE,
        type: 'stdio',
        command: 'npx',
        args: ['-y', 'server-filesystem', '/ws'],
        env: { DEBUG: '1', DROP: null },
        cwd: '/ws',
      },
      { name: 'github', source: FILE, type: 'http', url: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer ghp_secret' } },
    ]);
  });

  it('infers the type from command or url when it is left out, as VS Code does', () => {
    const { servers } = parseMcpConfig({ servers: { a: { command: 'node' }, b: { url: 'http://localhost:3000/mcp' } } }, 'setting', {
      env: {},
    });
    assert.deepEqual(
      servers.map((s) => [s.name, s.type]),
      [
        ['a', 'stdio'],
        ['b', 'http'],
      ],
    );
    assert.equal(servers[0]!.type === 'stdio' && servers[0]!.cwd, undefined, 'no workspace folder, no cwd');
  });

  it('reports each misconfigured server with the file and the field, and keeps the others', () => {
    const { servers, problems } = parseMcpConfig(
      {
        servers: {
          good: { type: 'stdio', command: 'node' },
          noCommand: { type: 'stdio', args: ['x'] },
          badArgs: { type: 'stdio', command: 'node', args: 'server.js' },
          sse: { type: 'sse', url: 'http://x' },
          badUrl: { type: 'http', url: 'ftp://example.com' },
          missingEnv: { type: 'stdio', command: 'node', env: { TOKEN: '${env:NOT_SET_ANYWHERE}' } },
          input: { type: 'http', url: 'https://x.example', headers: { Authorization: '${input:token}' } },
          scalar: 'node server.js',
        },
      },
      FILE,
      context,
    );
    assert.deepEqual(
      servers.map((s) => s.name),
      ['good'],
    );
    assert.equal(problems.length, 7);
    assert.match(problems[0]!, /^\/ws\/\.vscode\/mcp\.json: servers\.noCommand\.command: /);
    assert.match(problems[1]!, /^\/ws\/\.vscode\/mcp\.json: servers\.badArgs\.args: /);
    assert.match(problems[2]!, /servers\.sse\.type: "sse" is not supported; use "stdio" \(a command\) or "http" \(a URL\)\./);
    assert.match(problems[3]!, /servers\.badUrl\.url: "ftp:\/\/example\.com" is not an http\(s\) URL\./);
    assert.match(
      problems[4]!,
      /servers\.missingEnv\.env\.TOKEN uses \$\{env:NOT_SET_ANYWHERE\}, but NOT_SET_ANYWHERE is not set in the environment\./,
    );
    assert.match(problems[5]!, /servers\.input\.headers\.Authorization uses \$\{input:token\}, which Codewright cannot fill in/);
    assert.match(problems[6]!, /servers\.scalar must be an object/);
  });

  it('names the line and column of a file that is not JSON, and an object of the wrong shape', () => {
    const broken = parseMcpConfigText('{\n  "servers": {\n    "a": { "command": "node" \n  }\n', FILE, context);
    assert.deepEqual(broken.servers, []);
    assert.match(
      broken.problems[0]!,
      /^\/ws\/\.vscode\/mcp\.json is not valid JSON \(\w+ at line \d+, column \d+\): no server from it was started\.$/,
    );
    const wrong = parseMcpConfig({ servers: ['a'] }, 'codewright.mcp.servers', context);
    assert.match(wrong.problems[0]!, /^codewright\.mcp\.servers: expected an object like \{"servers"/);
  });

  it('treats a missing or empty configuration as no servers', () => {
    assert.deepEqual(parseMcpConfig(undefined, 's', context), { servers: [], problems: [] });
    assert.deepEqual(parseMcpConfig({}, 's', context), { servers: [], problems: [] });
  });

  it('reads a config file from disk; no file means no servers, a folder in its place is a problem', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-mcp-config-'));
    try {
      const file = path.join(dir, 'mcp.json');
      assert.deepEqual(await readMcpConfigFile(file, context), { servers: [], problems: [] });
      await fs.writeFile(file, '{"servers": {"a": {"command": "node"}}}');
      assert.deepEqual(
        (await readMcpConfigFile(file, context)).servers.map((s) => s.name),
        ['a'],
      );
      await fs.rm(file);
      await fs.mkdir(file);
      assert.match(
        (await readMcpConfigFile(file, context)).problems[0]!,
        /mcp\.json cannot be read \(EISDIR\): no server from it was started\./,
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
