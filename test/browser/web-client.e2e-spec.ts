import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { freePorts, repositoryRoot, ROUTE_TABLE } from '@app/stack';
import { startTestStack, TestStack } from '../support/test-stack';
import { allowedFrontEndPage, attackerPage, SecondOrigin, serveSecondOrigin } from './second-origin.server';

const PASSWORD = 'correct horse battery';
const SCREENSHOTS = join(repositoryRoot(), 'docs', 'img');
// A name that is not loopback to the browser, so that it treats the stack as any plain-HTTP host
// (127.0.0.1 is exempt from upgrade-insecure-requests, for one), yet resolves to 127.0.0.1.
const PLAIN_HTTP_HOST = 'stack.test';
// Debian's chromium; the flags keep it from reaching hosts outside this machine.
const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--host-resolver-rules=MAP ${PLAIN_HTTP_HOST} 127.0.0.1`,
  ],
};

// Each step calls every operation, or drives a browser, against a stack of real processes.
jest.setTimeout(180_000);

describe('the web client in Chromium, through the gateway (real apps, real Redis)', () => {
  let running: TestStack;
  let gateway: string;
  let browser: Browser;
  const origins: SecondOrigin[] = [];
  let attackerPort: number;
  let allowedPort: number;
  const email = `browser-${Date.now()}@example.com`;

  beforeAll(async () => {
    // Fail with the fix rather than Playwright's "executable doesn't exist".
    if (!existsSync(CHROMIUM.executablePath)) {
      throw new Error(`No Chromium at ${CHROMIUM.executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
    }
    [attackerPort, allowedPort] = await freePorts(2);
    running = await startTestStack({
      // One replica each: the browser is the heavy part; other suites cover replicas.
      replicas: 1,
      // Generous: four apps start at once on a busy two-core machine.
      readyTimeoutMs: 120_000,
      env: { PASSWORD_SCRYPT_LOG2_COST: '10', CORS_ORIGINS: `http://127.0.0.1:${allowedPort}` },
    });
    gateway = running.stack.gatewayUrl;
    origins.push(await serveSecondOrigin(attackerPort, attackerPage(gateway)));
    origins.push(await serveSecondOrigin(allowedPort, allowedFrontEndPage(gateway)));
    // launch() runs Chromium on a fresh temporary profile (user data dir), removed on close.
    browser = await chromium.launch(CHROMIUM);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(origins.map((origin) => origin.close()));
    await running?.stop();
  });

  /**
   * A page whose console errors and uncaught exceptions are collected in `errors`, for the test
   * to assert there are none. Chromium logs every 4xx answer to fetch as an error; a 401 is how
   * the API says "not signed in", which the page expects and shows, so that one is left out.
   */
  async function open(
    context: BrowserContext,
    url: string,
    errors: string[] = [],
  ): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 401 (Unauthorized)')) {
        errors.push(`${url}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => errors.push(`${url}: ${error.message}`));
    await page.goto(url);
    return { page, errors };
  }

  async function signIn(page: Page): Promise<void> {
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('#login');
    await page.waitForSelector(`#status:has-text("Signed in as ${email}")`);
  }

  const status = (page: Page): Promise<string> => page.locator('#status').innerText();

  describe('two browsers of one user', () => {
    let first: BrowserContext;
    let second: BrowserContext;
    let laptop: Page;
    let phone: Page;
    const errors: string[] = [];

    beforeAll(async () => {
      first = await browser.newContext({ userAgent: 'Laptop/1.0', viewport: { width: 1100, height: 1300 } });
      second = await browser.newContext({ userAgent: 'Phone/1.0' });
    });

    afterAll(async () => {
      await first?.close();
      await second?.close();
    });

    it('opens at / and registers, then signs in', async () => {
      laptop = (await open(first, `${gateway}/`, errors)).page;
      expect(new URL(laptop.url()).pathname).toBe('/web/');
      await laptop.waitForSelector('#status:has-text("Not signed in")');
      await laptop.fill('#email', email);
      await laptop.fill('#password', PASSWORD);
      await laptop.click('#register');
      await laptop.waitForSelector('#message:has-text("Account created")');
      await signIn(laptop);
      expect(await status(laptop)).toBe(`Signed in as ${email} (user)`);
    });

    it('keeps the session in an HttpOnly, SameSite=Lax cookie the page cannot read', async () => {
      const cookies = await first.cookies(gateway);
      expect(cookies.map(({ name }) => name)).toEqual(['sid']);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
      expect(await laptop.evaluate('document.cookie')).not.toContain('sid');
    });

    it('edits the profile, which outlives a reload', async () => {
      await laptop.fill('#displayName', 'Ada');
      await laptop.fill('#bio', 'Writes the first programs.');
      await laptop.click('#save-profile');
      await laptop.waitForSelector('#message:has-text("Profile saved.")');
      await laptop.reload();
      await laptop.waitForSelector('#status:has-text("Signed in")');
      expect(await laptop.inputValue('#displayName')).toBe('Ada');
      expect(await laptop.inputValue('#bio')).toBe('Writes the first programs.');
    });

    it('fills the cart from the catalog', async () => {
      const mug = laptop.locator('#catalog li', { hasText: 'Enamel mug' });
      await mug.getByRole('button', { name: 'Add' }).click();
      await laptop.waitForSelector('#cart li:has-text("Enamel mug")');
      await mug.getByRole('button', { name: 'Add' }).click();
      await laptop.waitForSelector('#cart-total:has-text("24.00")');
      expect(await laptop.inputValue('#cart li input')).toBe('2');
    });

    it('lists both devices, the current one marked, and ends the other: it is signed out on its next click', async () => {
      phone = (await open(second, `${gateway}/web/`, errors)).page;
      await signIn(phone);
      await laptop.click('#refresh-sessions');
      await laptop.waitForSelector('#sessions li:nth-child(2)');
      const devices = laptop.locator('#sessions li');
      await expect(devices.count()).resolves.toBe(2);
      await expect(laptop.locator('#sessions li', { hasText: 'this device' }).innerText()).resolves.toContain(
        'Laptop/1.0',
      );
      await laptop.screenshot({ path: join(SCREENSHOTS, 'web-client.png'), fullPage: true });

      await laptop.locator('#sessions li', { hasText: 'Phone/1.0' }).getByRole('button', { name: 'End' }).click();
      await laptop.waitForSelector('#message:has-text("That session has ended.")');
      await expect(devices.count()).resolves.toBe(1);

      await phone.click('#save-profile');
      await phone.waitForSelector('#status:has-text("Not signed in")');
      expect(await phone.locator('#message').innerText()).toContain('this session has ended');
      expect(await status(laptop)).toContain('Signed in');
    });

    it('signs out everywhere else, and keeps this device signed in', async () => {
      await signIn(phone);
      await laptop.click('#logout-others');
      await laptop.waitForSelector('#message:has-text("Every other session has ended.")');
      await phone.click('#refresh-sessions');
      await phone.waitForSelector('#status:has-text("Not signed in")');
      await laptop.click('#refresh-sessions');
      await expect(laptop.locator('#sessions li').count()).resolves.toBe(1);
      expect(await status(laptop)).toContain('Signed in');
    });

    it('refuses every cross-site and cross-origin attempt of another page, and nothing changes', async () => {
      const before = {
        sessions: await laptop.evaluate(() => fetch('/auth/sessions').then((response) => response.json())),
        cart: await laptop.evaluate(() => fetch('/cart').then((response) => response.json())),
      };
      // localhost is another site than 127.0.0.1; 127.0.0.1:<another port> is the same site
      // (the cookie goes along) but another origin, not on the allow-list.
      for (const host of ['localhost', '127.0.0.1']) {
        const attacker = await first.newPage();
        await attacker.goto(`http://${host}:${attackerPort}/`);
        const outcome = (await attacker.evaluate('window.outcome')) as Record<string, string>;
        expect({ host, outcome }).toEqual({
          host,
          outcome: {
            readMe: 'blocked: TypeError',
            readSessions: 'blocked: TypeError',
            patchProfile: 'blocked: TypeError',
            // Sent without a preflight, and refused (403); the page cannot even see that much:
            // the answer's Cross-Origin-Resource-Policy keeps it from another origin.
            simpleLogoutAll: 'blocked: TypeError',
          },
        });
        await attacker.close();
      }
      await laptop.click('#refresh-sessions');
      expect(await status(laptop)).toContain('Signed in');
      expect(await laptop.inputValue('#displayName')).toBe('Ada');
      expect({
        sessions: await laptop.evaluate(() => fetch('/auth/sessions').then((response) => response.json())),
        cart: await laptop.evaluate(() => fetch('/cart').then((response) => response.json())),
      }).toEqual(before);
    });

    it('lets a front end on an allow-listed origin (CORS_ORIGINS) read and write with the session', async () => {
      const frontEnd = await first.newPage();
      await frontEnd.goto(`http://127.0.0.1:${allowedPort}/`);
      const outcome = (await frontEnd.evaluate('window.outcome')) as Record<string, [number, Record<string, unknown>]>;
      expect(outcome.me).toEqual([200, expect.objectContaining({ email })]);
      expect(outcome.profile).toEqual([200, expect.objectContaining({ displayName: 'Set from the other origin' })]);
      await frontEnd.close();
    });

    it('logged no console error on the way', () => {
      expect(errors).toEqual([]);
    });
  });

  it('serves the web client on a plain-HTTP host name with no console error', async () => {
    const context = await browser.newContext();
    try {
      const { page, errors } = await open(context, `${gateway.replace('127.0.0.1', PLAIN_HTTP_HOST)}/web/`);
      await page.waitForSelector('#status:has-text("Not signed in")');
      await page.waitForSelector('#catalog li');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each([['/docs'], ...ROUTE_TABLE.map(({ prefix }) => [`${prefix}/docs`])])(
    'renders %s, on loopback and on a plain-HTTP host name, with no console error and no request off the stack',
    async (path) => {
      for (const origin of [gateway, gateway.replace('127.0.0.1', PLAIN_HTTP_HOST)]) {
        await expectDocsPage(origin, path);
      }
    },
  );

  async function expectDocsPage(origin: string, path: string): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const elsewhere: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => !request.url().startsWith(origin) && elsewhere.push(request.url()));
      await page.goto(`${origin}${path}`);
      await page.waitForSelector('.swagger-ui .info .title');
      await page.waitForSelector('.swagger-ui .opblock');
      if (path === '/docs' && origin === gateway) await page.screenshot({ path: join(SCREENSHOTS, 'api-docs.png') });
      expect({ origin, errors, elsewhere }).toEqual({ origin, errors: [], elsewhere: [] });
    } finally {
      await context.close();
    }
  }
});
