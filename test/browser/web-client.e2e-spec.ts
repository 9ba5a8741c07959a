import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
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

  async function signIn(page: Page, account = email): Promise<void> {
    await page.fill('#email', account);
    await page.fill('#password', PASSWORD);
    await page.click('#login');
    await page.waitForSelector(`#status:has-text("Signed in as ${account}")`);
  }

  const status = (page: Page): Promise<string> => page.locator('#status').innerText();

  /** The page's message lines (role=status) that say `text`: what a user reads after an action. */
  const said = (page: Page, text: string): Locator => page.getByRole('status').filter({ hasText: text });

  /** What has keyboard focus, by its accessible name; "nothing" when focus fell to the page. */
  async function focused(page: Page): Promise<string> {
    const element = page.locator(':focus');
    if ((await element.count()) === 0) return 'nothing';
    return (await element.getAttribute('aria-label')) ?? (await element.innerText());
  }

  /**
   * Every API call the page sends ("POST /auth/login"), and a wait until none is still out: after
   * a double click, the second request would come back after the first one's answer is shown.
   */
  function watchRequests(page: Page): { sent: string[]; quiet: () => Promise<void> } {
    const sent: string[] = [];
    let pending = 0;
    page.on('request', (request) => {
      sent.push(`${request.method()} ${new URL(request.url()).pathname}`);
      pending += 1;
    });
    const done = (): void => void (pending -= 1);
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    return {
      sent,
      quiet: async () => {
        while (pending > 0) await page.waitForTimeout(50);
      },
    };
  }

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
      await said(laptop, 'Account created').waitFor();
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
      await said(laptop, 'Profile saved.').waitFor();
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
      await said(laptop, 'That session has ended.').waitFor();
      await expect(devices.count()).resolves.toBe(1);

      await phone.click('#save-profile');
      await phone.waitForSelector('#status:has-text("Not signed in")');
      await expect(said(phone, 'this session has ended').count()).resolves.toBe(1);
      expect(await status(laptop)).toContain('Signed in');
    });

    it('signs out everywhere else, and keeps this device signed in', async () => {
      await signIn(phone);
      await laptop.click('#logout-others');
      await said(laptop, 'Every other session has ended.').waitFor();
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

  describe('at a phone’s width (375 px), a user who double-clicks and makes mistakes', () => {
    const account = `phone-${Date.now()}@example.com`;
    let phoneContext: BrowserContext;
    let deskContext: BrowserContext;
    let phone: Page;
    let desk: Page;
    let requests: ReturnType<typeof watchRequests>;
    const uncaught: string[] = [];

    beforeAll(async () => {
      phoneContext = await browser.newContext({ userAgent: 'Phone/2.0', viewport: { width: 375, height: 667 } });
      deskContext = await browser.newContext({ userAgent: 'Desk/2.0' });
      phone = await phoneContext.newPage();
      phone.on('pageerror', (error) => uncaught.push(error.message));
      requests = watchRequests(phone);
      await phone.goto(`${gateway}/web/`);
      await phone.waitForSelector('#status:has-text("Not signed in")');
      desk = (await open(deskContext, `${gateway}/web/`)).page;
    });

    afterAll(async () => {
      await phoneContext?.close();
      await deskContext?.close();
    });

    const cartLine = (name: string): Locator => phone.locator('#cart li', { hasText: name });
    const quantityOf = (name: string): Locator => phone.getByRole('spinbutton', { name: `Quantity of ${name}` });

    it('registers once and signs in once when each button is double-clicked', async () => {
      await phone.fill('#email', account);
      await phone.fill('#password', PASSWORD);
      await phone.dblclick('#register');
      await said(phone, 'Account created').waitFor();
      await requests.quiet();
      await expect(said(phone, 'Account created').count()).resolves.toBe(1);
      await expect(said(phone, 'already registered').count()).resolves.toBe(0);

      await phone.dblclick('#login');
      await phone.waitForSelector(`#status:has-text("Signed in as ${account}")`);
      await requests.quiet();
      await phone.click('#refresh-sessions');
      await requests.quiet();
      await expect(phone.locator('#sessions li').count()).resolves.toBe(1);
      expect(requests.sent.filter((request) => /^POST \/auth\/(register|login)$/.test(request))).toEqual([
        'POST /auth/register',
        'POST /auth/login',
      ]);
    });

    it('names the product on every Add and Remove button', async () => {
      const products = await phone.locator('#catalog li .grow').allInnerTexts();
      expect(products.length).toBeGreaterThan(1);
      for (const product of products) {
        await phone.locator('#catalog li', { hasText: product }).getByRole('button').click();
        await cartLine(product).waitFor();
      }
      for (const product of products) {
        await expect(
          phone.getByRole('button', { name: `Add ${product} to the cart`, exact: true }).count(),
        ).resolves.toBe(1);
        await expect(
          phone.getByRole('button', { name: `Remove ${product} from the cart`, exact: true }).count(),
        ).resolves.toBe(1);
      }
    });

    it('fits every cart row, its Remove button included, in the width of the screen', async () => {
      await cartLine('Dot-grid notebook').waitFor();
      const overflowing: string[] = [];
      for (const row of await phone.locator('#cart li').all()) {
        const { x, width } = (await row.boundingBox())!;
        for (const part of await row.locator(':scope > *').all()) {
          const box = (await part.boundingBox())!;
          if (box.x + box.width > x + width + 0.5)
            overflowing.push(`${await row.innerText()}: ${await part.innerText()}`);
        }
      }
      expect(overflowing).toEqual([]);
      await expect(phone.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(375);
    });

    it('says once why a quantity of 0 is refused', async () => {
      await quantityOf('Enamel mug').fill('0');
      await quantityOf('Enamel mug').press('Enter');
      await said(phone, 'Validation failed').waitFor();
      await requests.quiet();
      expect(await said(phone, 'Validation failed').innerText()).toBe(
        'Validation failed: quantity must not be less than 1',
      );
    });

    it('then shows the quantity the cart holds, not the refused one', async () => {
      const total = await phone.locator('#cart-total').innerText();
      expect(await quantityOf('Enamel mug').inputValue()).toBe('1');
      expect(await cartLine('Enamel mug').innerText()).toContain('12.00');
      expect(await phone.locator('#cart-total').innerText()).toBe(total);
    });

    it('shows the refusal where the user is, and marks the field it is about', async () => {
      const refusal = said(phone, 'Validation failed');
      const line = (await refusal.boundingBox())!;
      // Half a pixel of slack: scrolled to the bottom edge, a line may end a fraction past it.
      const inView = line.y >= -0.5 && line.y + line.height <= phone.viewportSize()!.height + 0.5;
      expect(inView).toBe(true);
      expect(await quantityOf('Enamel mug').getAttribute('aria-invalid')).toBe('true');
      const describedBy = await quantityOf('Enamel mug').getAttribute('aria-describedby');
      expect(await phone.locator(`[id="${describedBy}"]`).innerText()).toBe(await refusal.innerText());
    });

    it('takes the refusal down when the next action succeeds', async () => {
      await phone.locator('#catalog li', { hasText: 'Cotton T-shirt' }).getByRole('button').click();
      await cartLine('Cotton T-shirt').filter({ hasText: '50.00' }).waitFor();
      await expect(said(phone, 'Validation failed').count()).resolves.toBe(0);
      await expect(phone.locator('[aria-invalid="true"]').count()).resolves.toBe(0);
    });

    it('keeps keyboard focus on the same control, or the next one, when the cart is rebuilt', async () => {
      await quantityOf('Cotton T-shirt').fill('3');
      await quantityOf('Cotton T-shirt').press('Enter');
      await cartLine('Cotton T-shirt').filter({ hasText: '75.00' }).waitFor();
      await expect(focused(phone)).resolves.toBe('Quantity of Cotton T-shirt');

      // The first line goes: focus moves to the Remove button of the line now in its place.
      await cartLine('Enamel mug').getByRole('button').focus();
      await phone.keyboard.press('Enter');
      await cartLine('Enamel mug').waitFor({ state: 'detached' });
      await expect(focused(phone)).resolves.toBe('Remove Cotton T-shirt from the cart');
    });

    it('shows the display name as the server stored it (NFKC), without a reload', async () => {
      await phone.fill('#displayName', 'Ｊｏｅ ﬁsh');
      await phone.click('#save-profile');
      await said(phone, 'Profile saved.').waitFor();
      expect(await phone.inputValue('#displayName')).toBe('Joe fish');
    });

    const deskRow = (): Locator => phone.locator('#sessions li', { hasText: 'Desk/2.0' });

    it('names the device on its End button', async () => {
      await signIn(desk, account);
      await phone.click('#refresh-sessions');
      await deskRow().waitFor();
      await expect(phone.getByRole('button', { name: /^End the session of Desk\/2\.0, / }).count()).resolves.toBe(1);
    });

    it('drops a device that had already ended from the list when its End is refused', async () => {
      await desk.click('#logout');
      await desk.waitForSelector('#status:has-text("Not signed in")');
      // By keyboard, for the next test.
      await deskRow().getByRole('button').focus();
      await phone.keyboard.press('Enter');
      await said(phone, 'You have no session with this id').waitFor();
      await requests.quiet();
      await expect(phone.locator('#sessions li').count()).resolves.toBe(1);
    });

    it('keeps keyboard focus on a control nearby when the device list is rebuilt', async () => {
      await expect(focused(phone)).resolves.toBe('Refresh');
    });

    it('after a sign-out, Back shows the page signed out: no answer comes from the HTTP cache', async () => {
      await signIn(desk, account);
      await desk.click('#logout');
      await desk.waitForSelector('#status:has-text("Not signed in")');
      await desk.click('text=API documentation');
      await desk.waitForURL(/\/docs$/);
      await desk.goBack();
      await desk.waitForSelector('#cart-total');
      await desk.waitForLoadState('networkidle');
      expect(await status(desk)).toBe('Not signed in');
      await expect(said(desk, 'You were signed out').count()).resolves.toBe(0);
    });

    it('signs out at the first cart click of a session ended from another device, and shows no cart of the account', async () => {
      await signIn(desk, account);
      await desk.click('#logout-others');
      await said(desk, 'Every other session has ended.').waitFor();
      // The cart works anonymously, yet a cookie of an ended signed-in session is a 401.
      await phone.locator('#catalog li', { hasText: 'Fountain pen' }).getByRole('button').click();
      await phone.waitForSelector('#status:has-text("Not signed in")');
      await requests.quiet();
      await expect(said(phone, 'You were signed out').count()).resolves.toBe(1);
      await expect(phone.locator('#cart li').count()).resolves.toBe(0);
    });

    it('changes the password: a wrong current one is marked, the right one signs every other device out', async () => {
      await signIn(phone, account);
      // The account's email is in the form for password managers only; nothing marked hidden shows.
      const shownHidden = (page: Page): Promise<string[]> =>
        page.evaluate("[...document.querySelectorAll('[hidden]')].filter((e) => e.checkVisibility()).map((e) => e.id)");
      await expect(shownHidden(desk)).resolves.toEqual([]);
      await desk.fill('#currentPassword', 'not the password');
      await desk.fill('#newPassword', 'another long password');
      await desk.click('#change-password');
      await said(desk, 'The current password is wrong').waitFor();
      expect(await desk.getAttribute('#currentPassword', 'aria-invalid')).toBe('true');

      await desk.fill('#currentPassword', PASSWORD);
      await desk.click('#change-password');
      await said(desk, 'Password changed: every other device is signed out.').waitFor();
      expect([await desk.inputValue('#currentPassword'), await desk.inputValue('#newPassword')]).toEqual(['', '']);
      await expect(desk.locator('#sessions li').count()).resolves.toBe(1);
      expect(await status(desk)).toBe(`Signed in as ${account} (user)`);

      await phone.click('#refresh-sessions');
      await phone.waitForSelector('#status:has-text("Not signed in")');
      await phone.fill('#email', account);
      await phone.fill('#password', 'another long password');
      await phone.click('#login');
      await phone.waitForSelector(`#status:has-text("Signed in as ${account}")`);
    });

    it('threw no uncaught exception on the way', () => {
      expect(uncaught).toEqual([]);
    });
  });

  it('shows in every tab of a browser whom a sign-in or a sign-out in one of them made it act as', async () => {
    const other = `tabs-${Date.now()}@example.com`;
    const registered = await fetch(`${gateway}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: other, password: PASSWORD }),
    });
    expect(registered.status).toBe(201);
    const context = await browser.newContext();
    try {
      const { page: first, errors } = await open(context, `${gateway}/web/`);
      await first.waitForSelector('#status:has-text("Not signed in")');
      await signIn(first);
      const { page: second } = await open(context, `${gateway}/web/`, errors);
      await second.waitForSelector(`#status:has-text("Signed in as ${email}")`);

      await second.click('#logout');
      await first.waitForSelector('#status:has-text("Not signed in")');
      await signIn(second, other);
      await first.waitForSelector(`#status:has-text("Signed in as ${other}")`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sends a click made while the sign-in was on its way again, with the new cookie, and loses nothing', async () => {
    const account = `race-${Date.now()}@example.com`;
    const registered = await fetch(`${gateway}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account, password: PASSWORD }),
    });
    expect(registered.status).toBe(201);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const uncaught: string[] = [];
      page.on('pageerror', (error) => uncaught.push(error.message));
      const cartAnswers: number[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/cart/items') cartAnswers.push(response.status());
      });
      await page.goto(`${gateway}/web/`);
      await page.waitForSelector('#status:has-text("Not signed in")');
      const add = (name: string): Locator =>
        page.locator('#catalog li', { hasText: name }).getByRole('button', { name: 'Add' });
      await add('Enamel mug').click();
      await page.waitForSelector('#cart li:has-text("Enamel mug")');

      // A click during the sign-in whose request leaves before the sign-in's answer arrives, so
      // with the old cookie, and reaches a replica after the sign-in replaced the session (as on
      // a slow network): the route holds the click's request back and sends it with that cookie.
      const [anonymous] = await context.cookies();
      let lateClick = true;
      await page.route('**/cart/items', async (route) => {
        if (!lateClick) return route.continue();
        lateClick = false;
        await page.waitForSelector(`#status:has-text("Signed in as ${account}")`);
        const headers = { ...(await route.request().allHeaders()), cookie: `sid=${anonymous.value}` };
        await route.fulfill({ response: await route.fetch({ headers }) });
      });
      await page.fill('#email', account);
      await page.fill('#password', PASSWORD);
      await page.click('#login');
      await add('Cotton T-shirt').click();

      await page.waitForSelector(`#status:has-text("Signed in as ${account}")`);
      await page.waitForSelector('#cart li:has-text("Cotton T-shirt")');
      expect(await page.locator('#cart li .grow').allInnerTexts()).toEqual(
        expect.arrayContaining([expect.stringContaining('Enamel mug'), expect.stringContaining('Cotton T-shirt')]),
      );
      expect(await page.locator('#cart li').count()).toBe(2);
      expect(cartAnswers).toEqual([200, 409, 200]);
      // No refusal to read: the click went again by itself.
      expect((await page.locator('.message.error').allInnerTexts()).join('')).toBe('');
      expect(uncaught).toEqual([]);
    } finally {
      await context.close();
    }
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
