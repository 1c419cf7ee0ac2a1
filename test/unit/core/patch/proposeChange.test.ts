import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApplyPatchOperation } from '../../../../src/shared/events';
import { applyOperation, decodeTextFile, PatchError, proposeChange, validateOperation } from '../../../../src/core/patch';

async function rejectsWith(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof PatchError, `expected a PatchError, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

describe('proposeChange', () => {
  let root: string;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-propose-')));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'const a = 1;\nconst b = 2;\n');
    fs.writeFileSync(path.join(root, 'src', 'taken.ts'), 'taken\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const before = () => fs.readdirSync(path.join(root, 'src')).sort();

  it('create: proposes the new content and writes nothing', async () => {
    const listed = before();
    const change = await proposeChange(root, { type: 'create_file', path: 'src/new/b.ts', diff: '+export {};\n' });
    assert.deepEqual(change, { path: 'src/new/b.ts', oldContent: null, newContent: 'export {};\n' });
    assert.deepEqual(before(), listed);
  });

  it('create: refuses a file that exists', async () => {
    await rejectsWith(
      proposeChange(root, { type: 'create_file', path: 'src/a.ts', diff: '+x\n' }),
      "Cannot create 'src/a.ts': the file already exists. Use update_file to change it.",
    );
  });

  it('update: applies the diff to the content on disk', async () => {
    const change = await proposeChange(root, {
      type: 'update_file',
      path: './src/a.ts',
      diff: '@@\n const a = 1;\n-const b = 2;\n+const b = 3;\n',
    });
    assert.deepEqual(change, { path: 'src/a.ts', oldContent: 'const a = 1;\nconst b = 2;\n', newContent: 'const a = 1;\nconst b = 3;\n' });
  });

  it('update: names the file in a failure', async () => {
    await rejectsWith(
      proposeChange(root, { type: 'update_file', path: 'src/a.ts', diff: '@@ class Nope\n-x\n' }),
      "Failed to find context 'class Nope' in src/a.ts (section 1, line 1 of the diff): no line of the file matches it. " +
        'An @@ line must repeat one line of the file as it is now, such as a function or class signature; correct it or use a bare @@, then resend the patch.',
    );
  });

  it('update: refuses a missing file', async () => {
    await rejectsWith(
      proposeChange(root, { type: 'update_file', path: 'src/missing.ts', diff: '@@\n-x\n+y\n' }),
      "Cannot update 'src/missing.ts': the file does not exist. Use create_file to create it.",
    );
  });

  it('update: refuses a folder', async () => {
    await rejectsWith(
      proposeChange(root, { type: 'update_file', path: 'src', diff: '@@\n-x\n' }),
      "'src' is a folder, not a file; apply_patch changes files only.",
    );
  });

  it('update with move_to: proposes the move and the new content', async () => {
    const change = await proposeChange(root, {
      type: 'update_file',
      path: 'src/a.ts',
      diff: '@@\n-const a = 1;\n+const a = 0;\n',
      move_to: 'lib/a.ts',
    });
    assert.deepEqual(change, {
      path: 'src/a.ts',
      oldContent: 'const a = 1;\nconst b = 2;\n',
      newContent: 'const a = 0;\nconst b = 2;\n',
      moveTo: 'lib/a.ts',
    });
  });

  it('update with move_to and no sections: a plain rename', async () => {
    const change = await proposeChange(root, { type: 'update_file', path: 'src/a.ts', diff: '', move_to: 'src/b.ts' });
    assert.deepEqual(change, {
      path: 'src/a.ts',
      oldContent: 'const a = 1;\nconst b = 2;\n',
      newContent: 'const a = 1;\nconst b = 2;\n',
      moveTo: 'src/b.ts',
    });
  });

  it('update with move_to: refuses a target that exists', async () => {
    await rejectsWith(
      proposeChange(root, { type: 'update_file', path: 'src/a.ts', diff: '', move_to: 'src/taken.ts' }),
      "Cannot move 'src/a.ts' to 'src/taken.ts': 'src/taken.ts' already exists. Choose another name or delete it first.",
    );
  });

  it('update with move_to: refuses a target outside the workspace', async () => {
    await rejectsWith(
      proposeChange(root, { type: 'update_file', path: 'src/a.ts', diff: '', move_to: '../elsewhere.ts' }),
      "'../elsewhere.ts' points outside the workspace; apply_patch only changes files inside it. Use a path relative to the workspace root without leaving it.",
    );
  });

  it('delete: proposes removing the current content', async () => {
    assert.deepEqual(await proposeChange(root, { type: 'delete_file', path: 'src/taken.ts' }), {
      path: 'src/taken.ts',
      oldContent: 'taken\n',
      newContent: null,
    });
  });

  it('delete: refuses a missing file', async () => {
    await rejectsWith(
      proposeChange(root, { type: 'delete_file', path: 'src/nothing.ts' }),
      "Cannot delete 'src/nothing.ts': the file does not exist.",
    );
  });

  it('refuses a binary file (NUL bytes)', async () => {
    fs.writeFileSync(path.join(root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await rejectsWith(
      proposeChange(root, { type: 'update_file', path: 'image.png', diff: '@@\n-x\n' }),
      "'image.png' looks like a binary file (it contains NUL bytes); apply_patch edits text files only. Leave it unchanged or change it with a shell command.",
    );
  });

  it('refuses content that is not valid UTF-8', async () => {
    fs.writeFileSync(path.join(root, 'latin1.txt'), Buffer.from('caf\xe9\n', 'latin1'));
    await rejectsWith(
      proposeChange(root, { type: 'delete_file', path: 'latin1.txt' }),
      "'latin1.txt' is not valid UTF-8 text; apply_patch edits UTF-8 files only. Leave it unchanged or convert it to UTF-8 with a shell command first.",
    );
  });

  it('keeps a BOM and CRLF line endings of the file on disk', async () => {
    fs.writeFileSync(path.join(root, 'win.txt'), '\uFEFFone\r\ntwo\r\n');
    const change = await proposeChange(root, { type: 'update_file', path: 'win.txt', diff: '@@\n one\n-two\n+2\n' });
    assert.equal(change.oldContent, '\uFEFFone\r\ntwo\r\n');
    assert.equal(change.newContent, '\uFEFFone\r\n2\r\n');
  });

  it('reports paths through an inside link by their real location, with forward slashes', async () => {
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'alias'));
    const change = await proposeChange(root, { type: 'delete_file', path: 'alias/taken.ts' });
    assert.equal(change.path, 'src/taken.ts');
  });

  it('refuses paths into .git', async () => {
    fs.mkdirSync(path.join(root, '.git'));
    await rejectsWith(
      proposeChange(root, { type: 'create_file', path: '.git/hooks/post-checkout', diff: '+#!/bin/sh\n' }),
      "'.git/hooks/post-checkout' is inside a .git folder; apply_patch does not edit Git's internal files. Use git commands for that.",
    );
  });

  it('validates the operation payload', async () => {
    const malformed = { type: 'update_file', path: '', diff: 3 } as unknown as ApplyPatchOperation;
    await rejectsWith(
      proposeChange(root, malformed),
      'The apply_patch operation is malformed: path is missing or invalid (too_small); diff is missing or invalid (invalid_type). ' +
        "Send {type: 'create_file' | 'update_file', path, diff} (update_file may add move_to) or {type: 'delete_file', path}.",
    );
  });
});

describe('applyOperation (re-applying to current content, e.g. an unsaved editor buffer)', () => {
  const update: ApplyPatchOperation = { type: 'update_file', path: 'a.ts', diff: '@@\n x\n-y\n+z\n' };

  it('applies an update to whatever the content is now', () => {
    assert.equal(applyOperation('edited by the user\nx\ny\n', update), 'edited by the user\nx\nz\n');
  });

  it('a create needs no current content, a delete ends with none', () => {
    assert.equal(applyOperation(null, { type: 'create_file', path: 'n.ts', diff: '+n\n' }), 'n\n');
    assert.equal(applyOperation('x\n', { type: 'delete_file', path: 'a.ts' }), null);
  });

  it('a move without sections keeps the content', () => {
    assert.equal(applyOperation('x\n', { type: 'update_file', path: 'a.ts', diff: '', move_to: 'b.ts' }), 'x\n');
  });

  it('refuses what no longer fits', () => {
    assert.throws(
      () => applyOperation('x\n', { type: 'create_file', path: 'n.ts', diff: '+n\n' }),
      /^PatchError: Cannot create 'n.ts': the file already exists/,
    );
    assert.throws(() => applyOperation(null, update), /^PatchError: Cannot update 'a.ts': the file does not exist/);
    assert.throws(
      () => applyOperation(null, { type: 'delete_file', path: 'a.ts' }),
      /^PatchError: Cannot delete 'a.ts': the file does not exist/,
    );
    assert.throws(() => applyOperation('x\nw\n', update), /^PatchError: Failed to find expected lines in a.ts/);
  });
});

describe('validateOperation', () => {
  it('accepts the three operation types and refuses others', () => {
    assert.deepEqual(validateOperation({ type: 'delete_file', path: 'a' }), { type: 'delete_file', path: 'a' });
    assert.throws(
      () => validateOperation({ type: 'rename_file', path: 'a' }),
      (error: unknown) => {
        assert.ok(error instanceof PatchError);
        assert.match(
          error.message,
          /^The apply_patch operation is malformed: type must be 'create_file', 'update_file' or 'delete_file'\./,
        );
        return true;
      },
    );
    assert.throws(() => validateOperation(null), /the operation is missing or invalid \(invalid_type\)/);
  });
});

describe('decodeTextFile', () => {
  it('decodes UTF-8 and keeps a byte order mark', () => {
    assert.equal(decodeTextFile(Buffer.from('\uFEFFhé\n', 'utf8'), 'a'), '\uFEFFhé\n');
  });

  it('refuses NUL bytes and invalid UTF-8', () => {
    assert.throws(() => decodeTextFile(Uint8Array.from([0x61, 0x00]), 'x.bin'), /^PatchError: 'x\.bin' looks like a binary file/);
    assert.throws(() => decodeTextFile(Uint8Array.from([0xc3, 0x28]), 'x.txt'), /^PatchError: 'x\.txt' is not valid UTF-8 text/);
  });
});
