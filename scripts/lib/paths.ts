/** Where things are in the repository, for the test harness and `npm start`. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built extensions; BACKSTORY_DIST points the tests at another build (holding chrome/ and firefox/). */
export const distRoot = process.env.BACKSTORY_DIST ? resolve(process.env.BACKSTORY_DIST) : join(repoRoot, 'dist');
export const distChrome = join(distRoot, 'chrome');
export const distFirefox = join(distRoot, 'firefox');
export const demoDir = join(repoRoot, 'demo');
export const e2eFixturesDir = join(repoRoot, 'tests', 'e2e', 'fixtures');

/** The Firefox add-on id, from manifest.json's browser_specific_settings.gecko.id. */
export const geckoId = 'backstory@backstory.app';
