// Which paths checkpoints leave out: `.git` always (the user's repository is never read into a checkpoint nor written
// by a restore), then the user's patterns (`codewright.checkpoints.exclude`, gitignore syntax), then what the
// .gitignore files of the workspace list. A `!pattern` of the user's brings back what a .gitignore leaves out.
import ignore, { type Ignore } from 'ignore';

export const DEFAULT_EXCLUDE: readonly string[] = ['node_modules/'];

/** The .gitignore rules that apply inside one directory: the rules file's folder (root-relative, '' for the root). */
export interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

export class Exclusion {
  private readonly user: Ignore;

  constructor(patterns: readonly string[] = DEFAULT_EXCLUDE) {
    this.user = ignore().add([...patterns]);
  }

  /** A .gitignore's text as a layer for the folder it sits in. */
  static layer(dir: string, gitignore: string): IgnoreLayer {
    return { dir, rules: ignore().add(gitignore) };
  }

  /**
   * `rel` is root-relative with `/` separators; `layers` are the .gitignore files from the root down to its folder.
   * `forced`: the user's own `!pattern` brought it back, so no .gitignore applies to it or below it.
   */
  verdict(rel: string, isDir: boolean, layers: readonly IgnoreLayer[]): 'excluded' | 'included' | 'forced' {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (name === '.git') return 'excluded';
    const probe = isDir ? `${rel}/` : rel;
    const mine = this.user.test(probe);
    if (mine.ignored) return 'excluded';
    if (mine.unignored) return 'forced';
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i]!;
      const verdict = layer.rules.test(layer.dir === '' ? probe : probe.slice(layer.dir.length + 1));
      if (verdict.ignored) return 'excluded';
      if (verdict.unignored) return 'included';
    }
    return 'included';
  }
}
