import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * How the repository's browser tests start Chromium: the system's (`.ci/run` installs the
 * Debian package; nothing is downloaded), headless, without the sandbox and GPU a container
 * lacks, and without the background traffic a test must not depend on.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/**
 * The folder where a package's browser tests keep screenshots for people to look at:
 * `<package>/test-results` (git-ignored; CI keeps it as an artifact). Created when missing.
 */
export async function artifactsDir(testDir: string): Promise<string> {
  const dir = resolve(testDir, '..', 'test-results');
  await mkdir(dir, { recursive: true });
  return dir;
}
