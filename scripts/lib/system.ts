/** Finding (and on Debian as root, installing) the browsers the tests and `npm start` drive. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Browser {
  name: string;
  /** Debian package. */
  pkg: string;
  /** Commands to look for, first /usr/bin then PATH. */
  commands: string[];
  env: 'CHROMIUM_PATH' | 'FIREFOX_PATH';
}

const known: Browser[] = [
  { name: 'Chromium', pkg: 'chromium', commands: ['chromium', 'chromium-browser'], env: 'CHROMIUM_PATH' },
  { name: 'Firefox ESR', pkg: 'firefox-esr', commands: ['firefox-esr'], env: 'FIREFOX_PATH' },
];

function locate(b: Browser): string | undefined {
  const fromEnv = process.env[b.env];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const command of b.commands) {
    if (existsSync(`/usr/bin/${command}`)) return `/usr/bin/${command}`;
    const which = spawnSync('which', [command], { encoding: 'utf8' });
    const path = which.stdout?.trim();
    if (which.status === 0 && path) return path;
  }
  return undefined;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Finds the browsers (Debian package names), installing missing ones with apt-get when running as
 * root on Debian, and exports their paths as CHROMIUM_PATH / FIREFOX_PATH for the launch helpers.
 * Returns null when all are there, else exactly what to install, in words.
 */
export function ensureBrowsers(
  wanted: readonly ('chromium' | 'firefox-esr')[],
  { install = true, purpose = 'The end-to-end tests', rerun = 'npm test' } = {},
): string | null {
  const browsers = known.filter((b) => wanted.includes(b.pkg as 'chromium' | 'firefox-esr'));
  let missing = browsers.filter((b) => !locate(b));
  if (install && missing.length > 0 && isRoot() && existsSync('/etc/debian_version')) {
    const pkgs = missing.map((b) => b.pkg);
    console.log(`Installing ${pkgs.join(' and ')} with apt-get (missing; ${purpose.toLowerCase()} need it)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (update.status === 0) spawnSync('apt-get', ['install', '-y', ...pkgs], { stdio: 'inherit', env });
    missing = browsers.filter((b) => !locate(b));
  }
  for (const b of browsers) {
    const path = locate(b);
    if (path) process.env[b.env] = path;
  }
  if (missing.length === 0) return null;
  const pkgs = missing.map((b) => b.pkg).join(' ');
  return [
    `${purpose} need ${missing.map((b) => b.name).join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed.`,
    `Install ${missing.length > 1 ? 'them' : 'it'} and run ${rerun} again:`,
    `  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y ${pkgs}`,
    `  elsewhere:      install ${missing.map((b) => b.name).join(' and ')} and set ${missing.map((b) => `${b.env}=/path/to/${b.commands[0]}`).join(' ')}`,
  ].join('\n');
}

