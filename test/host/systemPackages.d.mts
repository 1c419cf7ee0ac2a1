export interface SystemPackage {
  name: string;
  why: string;
  command?: string;
  include?: string;
  chromium?: boolean;
}

/** Where the check looks: PATH for commands, the Chromium executable, the system include folder. */
export interface PackageWhere {
  path?: string;
  chromium?: string;
  includeDir?: string;
}

export const SYSTEM_PACKAGES: SystemPackage[];
export const APT_LINE: string;
export const DEFAULT_CHROMIUM: string;
export function missingSystemPackages(where?: PackageWhere): string[];
export function ensureSystemPackages(options?: PackageWhere & { root?: boolean; log?: (line: string) => void }): string[];
