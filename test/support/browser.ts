import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, headless, quiet: no sandbox (CI runs as root), no GPU, no background traffic. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const AXE = join(process.cwd(), 'node_modules/axe-core/axe.min.js');
/** Kept by CI with the test results: one image per view the browser tests visit. */
export const SCREENSHOTS = join(process.cwd(), 'test-output/screenshots');

/**
 * For a softphone: Chromium's fake microphone (a beep) instead of a device, and WebRTC ICE candidates
 * on the loopback interface too (Chromium leaves loopback out unless told).
 */
const FAKE_AUDIO_ARGS = ['--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection'];

/**
 * Chromium, headless. `audio: 'fake'` gives pages the fake microphone and allows it without asking
 * (a context may still refuse it: grant no `microphone` permission and launch with `audio: 'ask'`,
 * which has the fake device but leaves the permission to the context).
 */
export async function launchChromium(options: { audio?: 'fake' | 'ask' } = {}): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const audio = options.audio === 'fake' ? [...FAKE_AUDIO_ARGS, '--use-fake-ui-for-media-stream'] : options.audio === 'ask' ? FAKE_AUDIO_ARGS : [];
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...audio] });
}

/** Serious and critical WCAG 2.1 A/AA findings on the page as it is now, as `rule: elements`. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the browser's debugging protocol: a <script> tag would break the page's own CSP.
  await page.evaluate(await readFile(AXE, 'utf8'));
  return (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
       .then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[];
}

/** Signs in through the console's own form, in Norwegian; with `home`, waits until the role's view opens. */
export async function signInAt(page: Page, baseUrl: string, username: string, options: { password?: string; home?: RegExp } = {}): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord').fill(options.password ?? 'demo1234');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  if (options.home) await page.waitForURL(options.home);
}

/**
 * Collects every Content-Security-Policy violation in the context's pages, as the pages' own
 * `securitypolicyviolation` events report them, so a test can show the console lives within the
 * api's policy.
 */
export async function cspViolations(context: BrowserContext): Promise<string[]> {
  const found: string[] = [];
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));`,
  });
  context.on('console', (message) => {
    if (message.text().startsWith('CSP violation:')) found.push(message.text());
  });
  return found;
}
