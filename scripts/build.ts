/**
 * `npm run build`: writes the unpacked extensions to dist/chrome and dist/firefox.
 * Every entry is bundled by esbuild as an IIFE (the content script must be one; the
 * background runs as a classic service worker in Chrome and an event page in Firefox).
 */
import { build, type BuildOptions } from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { popupPage } from '../src/popup/shell';
import { manifestFor, type Browser, type SourceManifest } from './manifest';
import { deferredModules } from './lib/deferred';
import { noPreactHtmlSink } from './lib/no-html-sink';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const browsers: Browser[] = ['chrome', 'firefox'];

/** Script entries: source → output file name in each dist folder. */
const entries: Record<string, string> = {
  'src/background/index.ts': 'background.js',
  'src/content/index.ts': 'content.js',
  'src/content/frame-watch.ts': 'frame-watch.js',
  'src/content/shadow-watch.ts': 'shadow-watch.js',
  'src/popup/index.tsx': 'popup.js',
  'src/options/index.tsx': 'options.js',
};

/** Static files copied as they are (popup.html is filled in: see `builtPopupPage`). */
const statics: Record<string, string> = {
  'src/options/options.html': 'options.html',
  'src/ui/ui.css': 'ui.css',
  icons: 'icons',
};

/**
 * popup.html with its first screen in the default locale's words and ui.css inlined, so the
 * popup paints before any request or script (src/popup/shell.ts).
 */
async function builtPopupPage(defaultLocale: string): Promise<string> {
  const messages = JSON.parse(await readFile(join(root, 'src/_locales', defaultLocale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
  const template = await readFile(join(root, 'src/popup/popup.html'), 'utf8');
  const css = await readFile(join(root, 'src/ui/ui.css'), 'utf8');
  return popupPage(template, css, (key) => messages[key]?.message);
}

export async function buildExtension(options: { minify?: boolean; quiet?: boolean } = {}): Promise<void> {
  const started = performance.now();
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const source = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as SourceManifest;
  const outRoot = join(root, 'dist');
  await rm(outRoot, { recursive: true, force: true });

  // Bundle once into a staging folder, then copy into each browser's folder.
  const staging = join(outRoot, '.bundle');
  const common: BuildOptions = {
    bundle: true,
    format: 'iife',
    target: ['chrome128', 'firefox142'],
    platform: 'browser',
    sourcemap: false,
    minify: options.minify ?? false,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    charset: 'utf8',
    plugins: [deferredModules, noPreactHtmlSink],
  };
  await Promise.all(
    Object.entries(entries)
      .filter(([src]) => existsSync(join(root, src)))
      .map(([src, out]) => build({ ...common, entryPoints: [join(root, src)], outfile: join(staging, out) })),
  );

  const popupHtml = await builtPopupPage(typeof source.default_locale === 'string' ? source.default_locale : 'en');

  for (const browser of browsers) {
    const dir = join(outRoot, browser);
    await mkdir(dir, { recursive: true });
    await cp(staging, dir, { recursive: true });
    for (const [src, out] of Object.entries(statics)) {
      if (existsSync(join(root, src))) await cp(join(root, src), join(dir, out), { recursive: true });
    }
    await writeFile(join(dir, 'popup.html'), popupHtml);
    if (existsSync(join(root, 'src/_locales'))) await cp(join(root, 'src/_locales'), join(dir, '_locales'), { recursive: true });
    const manifest = manifestFor(source, browser, pkg.version);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  }
  await rm(staging, { recursive: true, force: true });
  if (!options.quiet) console.log(`built dist/chrome and dist/firefox in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildExtension({ minify: process.argv.includes('--minify') }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
