// What a workspace is, from its file names: its main languages, a few files worth asking about (the README, the
// manifest, an entry point), and whether it has tests.
import type { WorkspaceSummary } from '../../shared/protocol';

const LANGUAGES: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  py: 'Python',
  go: 'Go',
  rs: 'Rust',
  java: 'Java',
  kt: 'Kotlin',
  cs: 'C#',
  c: 'C',
  h: 'C',
  cpp: 'C++',
  cc: 'C++',
  hpp: 'C++',
  rb: 'Ruby',
  php: 'PHP',
  swift: 'Swift',
  scala: 'Scala',
  dart: 'Dart',
  lua: 'Lua',
  sh: 'Shell',
};
const MANIFESTS = /^(?:package\.json|pyproject\.toml|cargo\.toml|go\.mod|pom\.xml|build\.gradle(?:\.kts)?|gemfile|composer\.json)$/i;
const TESTS = /(?:^|\/)(?:tests?|__tests__|spec)\/|[._-](?:test|spec)\.[a-z]+$|(?:^|\/)test_[^/]+\.py$/i;
const ENTRY = /^(?:index|main|app|lib|mod|server|cli)\./i;

/** The summary of a workspace whose files (workspace-relative, `/`-separated) are `paths`. */
export function describeWorkspace(name: string, paths: readonly string[]): WorkspaceSummary {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const language = LANGUAGES[p.slice(p.lastIndexOf('.') + 1).toLowerCase()];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const languages = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([language]) => language)
    .slice(0, 5);
  const top = paths.filter((p) => !p.includes('/'));
  const readme = top.find((p) => /^readme/i.test(p));
  const manifest = top.find((p) => MANIFESTS.test(p));
  const sources = paths.filter((p) => LANGUAGES[p.slice(p.lastIndexOf('.') + 1).toLowerCase()] !== undefined && !TESTS.test(p));
  const byDepth = (a: string, b: string) => a.split('/').length - b.split('/').length || a.localeCompare(b);
  const entry = sources.filter((p) => ENTRY.test(p.slice(p.lastIndexOf('/') + 1))).sort(byDepth)[0] ?? [...sources].sort(byDepth)[0];
  const files = [readme, manifest, entry].filter((f): f is string => f !== undefined);
  return { name, languages, files, hasTests: paths.some((p) => TESTS.test(p)) };
}
