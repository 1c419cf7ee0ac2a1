// The prompts the empty chat offers, built from the host's short description of the open workspace: a first question
// that fits this project rather than a generic one. Clicking one sends it as typed.
import type { WorkspaceSummary } from '../shared/protocol';

const MAX_PROMPTS = 4;
/** Files that describe the project rather than implement it. */
const DOCS_OR_MANIFEST =
  /(?:^|\/)(?:readme[^/]*|package\.json|pyproject\.toml|cargo\.toml|go\.mod|pom\.xml|build\.gradle[^/]*|gemfile|composer\.json)$/i;

export function suggestedPrompts(workspace: WorkspaceSummary): string[] {
  const language = workspace.languages[0];
  const source = workspace.files.find((f) => !DOCS_OR_MANIFEST.test(f));
  const readme = workspace.files.find((f) => /(?:^|\/)readme[^/]*$/i.test(f));
  const prompts = [
    language ? `Explain how this ${language} project is organised` : `Explain how ${workspace.name || 'this workspace'} is organised`,
    ...(source ? [`Find likely bugs in ${source}`] : []),
    workspace.hasTests ? 'Run the tests and fix any that fail' : `Add tests for ${source ?? 'the main module'}`,
    ...(readme ? [`Check that ${readme} matches what the code does`] : []),
    ...(source ? [] : ['Suggest a first improvement to this project']),
  ];
  return prompts.slice(0, MAX_PROMPTS);
}
