import assert from 'node:assert/strict';
import { TOOL_NAME_PATTERN, assignToolNames, mcpToolName } from '../../../../src/core/mcp/toolNames';

describe('MCP tool names', () => {
  it('joins server and tool as mcp__server__tool', () => {
    assert.equal(mcpToolName('github', 'create_issue'), 'mcp__github__create_issue');
    assert.equal(mcpToolName('everything', 'get-sum'), 'mcp__everything__get-sum');
  });

  it('replaces characters the API refuses and shortens long names to 64 with a stable hash', () => {
    assert.equal(mcpToolName('my server', 'read.file/v2'), 'mcp__my_server__read_file_v2');
    const long = mcpToolName('a-very-long-server-name-for-the-team', 'and_an_even_longer_tool_name_that_goes_on_and_on');
    assert.equal(long.length, 64);
    assert.match(long, TOOL_NAME_PATTERN);
    assert.match(long, /^mcp__a-very-long-server-name-for-the-team__and_an_even_+[0-9a-f]{8}$/);
    assert.equal(long, mcpToolName('a-very-long-server-name-for-the-team', 'and_an_even_longer_tool_name_that_goes_on_and_on'));
    assert.match(mcpToolName('ünïcode', '工具'), TOOL_NAME_PATTERN);
  });

  it('keeps two tools that clean to the same name apart', () => {
    const names = assignToolNames([
      { server: 'a.b', tool: 'x' },
      { server: 'a_b', tool: 'x' },
      { server: 'a b', tool: 'x' },
    ]);
    assert.equal(names[0], 'mcp__a_b__x');
    assert.equal(new Set(names).size, 3);
    for (const name of names) assert.match(name, TOOL_NAME_PATTERN);
    const longPairs = [
      { server: 's'.repeat(40), tool: `${'t'.repeat(40)}1` },
      { server: 's'.repeat(40), tool: `${'t'.repeat(40)}2` },
    ];
    const longNames = assignToolNames(longPairs);
    assert.notEqual(longNames[0], longNames[1], 'names cut at 64 stay distinct');
  });
});
