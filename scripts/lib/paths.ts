/** Where things are in the repository, for the test harness and `npm start`. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distChrome = join(repoRoot, 'dist', 'chrome');
export const distFirefox = join(repoRoot, 'dist', 'firefox');
export const demoDir = join(repoRoot, 'demo');
export const e2eFixturesDir = join(repoRoot, 'tests', 'e2e', 'fixtures');

/** The Firefox add-on id, from manifest.json's browser_specific_settings.gecko.id. */
export const geckoId = 'backstory@backstory.app';
