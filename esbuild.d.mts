// Types of what esbuild.mjs exports, for the tests that check the bundles.
import type { BuildResult } from 'esbuild';

export const MAIN_BUNDLE_BUDGET: number;

export interface ExtensionBundles {
  main: BuildResult<{ write: false; metafile: true }>;
  lazy: BuildResult<{ write: false; metafile: true }> | undefined;
  /** Size of dist/extension.js. */
  bytes: number;
  /** Source modules (paths from the repository root) in dist/extension.js. */
  mainModules: Set<string>;
  /** The ones lazy bundles take from it at run time. */
  borrowed: Set<string>;
  /** Names of the lazy bundles, dist/lazy/<name>.js. */
  lazyEntries: string[];
}

export function bundleExtension(options?: { production?: boolean }): Promise<ExtensionBundles>;
