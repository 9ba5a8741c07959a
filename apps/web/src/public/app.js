// The web client: plain DOM and fetch, no framework. It is served from the same origin as the API
// (the gateway or Traefik), so the HttpOnly session cookie goes along with every call and the page
// never sees a token. Each section reloads from the API after a change, so what it shows is what
// the replicas hold, whichever of them answered.

const $ = (id) => document.getElementById(id);

/**
 * A refused call: the status, the API's message, which already names every rule that failed, and
 * its errors ([{ field, rule, message }]), to mark the fields they name.
 */
class ApiError extends Error {
  constructor(status, body) {
    super(body.message ?? `${status} ${body.error ?? 'error'}`);
    this.status = status;
    this.errors = body.errors ?? [];
  }
}

function send(method, path, body) {
  return fetch(path, {
    method,
    // Never an answer from the HTTP cache: on Back after a sign-out it would still say "signed in".
    cache: 'no-store',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (response) => {
    const payload = response.status === 204 ? undefined : await response.json().catch(() => ({}));
    if (!response.ok) throw new ApiError(response.status, payload ?? {});
    return payload;
  });
}

/** The calls whose answers are still out. */
const pending = new Set();

async function api(method, path, body) {
  const call = send(method, path, body);
  pending.add(call);
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof ApiError && error.errors.some(({ rule }) => rule === 'currentSession'))) throw error;
    // Sent with the cookie that a sign-in replaced while the call was out (a click during the
    // sign-in), and refused untouched: once the other calls have their answers, the browser
    // holds the new cookie, and the call goes again with it.
    await Promise.allSettled([...pending].filter((other) => other !== call));
    return await send(method, path, body);
  } finally {
    pending.delete(call);
  }
}

/** The signed-in user ({ id, email, roles }), or null. */
let me = null;

/**
 * The message line of the part of the page the user acted in (a form, a list and its buttons),
 * so that they read the outcome where they are, even on a phone; the page's own line under the
 * header for the rest, and for a part that the action hid (the sign-in form, once signed in).
 */
function messageLine(part) {
  return part?.checkVisibility() ? part.querySelector('.message') : $('message');
}

/** Shows one outcome, and only that: the lines and field marks of earlier ones go. */
function say(text, { part, isError = false, fields = [] } = {}) {
  for (const line of document.querySelectorAll('.message')) {
    line.textContent = '';
    line.classList.remove('error');
  }
  for (const field of document.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  }
  if (!text) return;
  const line = messageLine(part);
  line.textContent = text;
  line.classList.toggle('error', isError);
  for (const field of fields) {
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', line.id);
  }
  line.scrollIntoView({ block: 'nearest' });
}

/**
 * The inputs that a refusal names (errors[].field): the control itself, or the one that took its
 * place when its list was rebuilt (same id), or the field of that name in its part of the page.
 */
function namedFields(control, part, error) {
  const current = control.isConnected ? control : $(control.id);
  if (!current || !(error instanceof ApiError)) return [];
  return error.errors
    .map(({ field }) => (current.name === field ? current : part?.querySelector(`[name="${field}"]`)))
    .filter(Boolean);
}

function showSignedOut() {
  me = null;
  $('status').textContent = 'Not signed in';
  $('signed-out').hidden = false;
  $('signed-in').hidden = true;
  $('logout').hidden = true;
}

const EMPTY_CART = { items: [], totalCents: 0 };

/**
 * The session ended elsewhere (another device ended it, a password change, an operator), and any
 * route may be the first to say so with a 401, a cart route as well as an account one.
 */
async function sessionEnded() {
  tabs.postMessage('session changed');
  showSignedOut();
  say('You were signed out: this session has ended, here or on another device.', { isError: true });
  // The cart shown was the account's: the anonymous one replaces it, or none if the API refuses.
  await loadCart().catch(() => showCart(EMPTY_CART));
}

/** Controls whose request is still out: a repeat (a double click) is ignored, not sent again. */
const inFlight = new WeakSet();

/**
 * Runs one user action of `control` (a form, a button, an input) and reports its outcome in the
 * control's part of the page. When the API refuses, `reload` shows the server's state again
 * instead of what the user asked for (a refused quantity, a device that had already gone).
 */
async function act(control, action, { success = '', reload } = {}) {
  if (inFlight.has(control)) return;
  inFlight.add(control);
  control.setAttribute('aria-busy', 'true');
  // Found now: the action may rebuild the list the control is in.
  const part = control.closest('.part');
  try {
    await action();
    say(success, { part });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && me) return await sessionEnded();
    // If the reload fails too, the refusal is still the message to read.
    await reload?.().catch(() => undefined);
    say(error.message, { part, isError: true, fields: namedFields(control, part, error) });
  } finally {
    inFlight.delete(control);
    control.removeAttribute('aria-busy');
  }
}

async function loadMe() {
  try {
    me = await api('GET', '/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showSignedOut();
    throw error;
  }
  $('status').textContent = `Signed in as ${me.email} (${me.roles.join(', ')})`;
  $('account-email').value = me.email;
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('logout').hidden = false;
  await Promise.all([loadProfile(), loadSessions()]);
}

/** The profile as the API stored it (NFKC: "Ｊｏｅ ﬁsh" is "Joe fish"), not as typed. */
function showProfile(profile) {
  $('displayName').value = profile.displayName;
  $('bio').value = profile.bio;
}

async function loadProfile() {
  showProfile(await api('GET', '/profile'));
}

/** `element` with `text`: text goes in as text, never as markup (user agents, names). */
function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** A button whose accessible name says what it acts on: a list has many "Remove" buttons. */
function button(label, accessibleName, onClick) {
  const element = el('button', label);
  element.type = 'button';
  element.setAttribute('aria-label', accessibleName);
  element.addEventListener('click', onClick);
  return element;
}

/**
 * Replaces a list's rows and keeps keyboard focus in place, which would fall to <body> with the
 * old rows: on the control of the same id in the new rows, else on the same kind of control
 * (same name) in the row now at that place, else on `fallback`.
 */
function replaceRows(list, rows, fallback) {
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const place = focused ? [...list.children].findIndex((row) => row.contains(focused)) : -1;
  list.replaceChildren(...rows);
  if (!focused) return;
  const near = rows[Math.min(place, rows.length - 1)]?.querySelector(`[name="${focused.name}"]`);
  ($(focused.id) ?? near ?? fallback).focus();
}

async function loadSessions() {
  const sessions = await api('GET', '/auth/sessions');
  replaceRows($('sessions'), sessions.map(sessionRow), $('refresh-sessions'));
}

function sessionRow(session) {
  const item = el('li');
  const seen = new Date(session.lastSeenAt).toLocaleString();
  const device = session.userAgent || 'Unknown device';
  item.append(el('span', `${device} · ${session.ip} · last seen ${seen}`, 'grow'));
  if (session.current) {
    item.append(el('span', 'this device', 'current'));
    return item;
  }
  const end = button('End', `End the session of ${device}, ${session.ip}, last seen ${seen}`, () =>
    act(
      end,
      async () => {
        await api('DELETE', `/auth/sessions/${encodeURIComponent(session.id)}`);
        await loadSessions();
      },
      { success: 'That session has ended.', reload: loadSessions },
    ),
  );
  Object.assign(end, { id: `end-${session.id}`, name: 'end' });
  item.append(end);
  return item;
}

const money = (cents) => (cents / 100).toFixed(2);

/** A change to the cart, whose answer is the new cart; a refused one shows the server's again. */
function changeCart(control, request, success) {
  return act(control, async () => showCart(await request()), { success, reload: loadCart });
}

async function loadCatalog() {
  const products = await api('GET', '/cart/catalog');
  $('catalog').replaceChildren(
    ...products.map((product) => {
      const item = el('li');
      const add = button('Add', `Add ${product.name} to the cart`, () =>
        changeCart(add, () => api('POST', '/cart/items', { sku: product.sku, quantity: 1 })),
      );
      item.append(el('span', product.name, 'grow'), el('span', money(product.unitPriceCents)), add);
      return item;
    }),
  );
}

function cartRow(line) {
  const item = el('li');
  const path = `/cart/items/${encodeURIComponent(line.sku)}`;
  const quantity = el('input');
  // The id finds this line's input again once the cart is rebuilt; the name is the API's field.
  Object.assign(quantity, {
    id: `quantity-${line.sku}`,
    name: 'quantity',
    type: 'number',
    min: '1',
    max: '99',
    value: String(line.quantity),
  });
  quantity.setAttribute('aria-label', `Quantity of ${line.name}`);
  quantity.addEventListener('change', () =>
    changeCart(quantity, () => api('PATCH', path, { quantity: Number(quantity.value) })),
  );
  const remove = button('Remove', `Remove ${line.name} from the cart`, () =>
    changeCart(remove, () => api('DELETE', path)),
  );
  Object.assign(remove, { id: `remove-${line.sku}`, name: 'remove' });
  item.append(el('span', line.name, 'grow'), quantity, el('span', money(line.lineTotalCents)), remove);
  return item;
}

function showCart(cart) {
  replaceRows($('cart'), cart.items.map(cartRow), $('clear-cart'));
  $('cart-total').textContent = money(cart.totalCents);
}

async function loadCart() {
  showCart(await api('GET', '/cart'));
}

function credentials() {
  return { email: $('email').value, password: $('password').value };
}

// Both buttons act for the one form, so that neither starts while the other's request is out.
$('register').addEventListener('click', () => {
  if (!$('credentials').reportValidity()) return;
  void act($('credentials'), () => api('POST', '/auth/register', credentials()), {
    success: 'Account created: sign in with it.',
  });
});

$('credentials').addEventListener('submit', (event) => {
  event.preventDefault();
  void act(
    $('credentials'),
    async () => {
      await api('POST', '/auth/login', credentials());
      tabs.postMessage('session changed');
      $('password').value = '';
      // The anonymous cart was merged into the user's at sign-in.
      await Promise.all([loadMe(), loadCart()]);
    },
    { success: 'Signed in.' },
  );
});

$('logout').addEventListener('click', () =>
  act(
    $('logout'),
    async () => {
      await api('POST', '/auth/logout');
      tabs.postMessage('session changed');
      showSignedOut();
      await loadCart();
    },
    { success: 'Signed out.' },
  ),
);

$('profile').addEventListener('submit', (event) => {
  event.preventDefault();
  void act(
    $('profile'),
    async () =>
      showProfile(await api('PATCH', '/profile', { displayName: $('displayName').value, bio: $('bio').value })),
    { success: 'Profile saved.' },
  );
});

$('password-change').addEventListener('submit', (event) => {
  event.preventDefault();
  void act(
    $('password-change'),
    async () => {
      await api('POST', '/auth/password', {
        currentPassword: $('currentPassword').value,
        newPassword: $('newPassword').value,
      });
      $('currentPassword').value = '';
      $('newPassword').value = '';
      // The API ended every other session, and gave this one a new id.
      await loadSessions();
    },
    { success: 'Password changed: every other device is signed out.' },
  );
});

$('refresh-sessions').addEventListener('click', () => act($('refresh-sessions'), loadSessions));

$('logout-others').addEventListener('click', () =>
  act(
    $('logout-others'),
    async () => {
      await api('POST', '/auth/logout-all?keepCurrent=true');
      await loadSessions();
    },
    { success: 'Every other session has ended.' },
  ),
);

$('clear-cart').addEventListener('click', () =>
  act(
    $('clear-cart'),
    async () => {
      await api('DELETE', '/cart');
      await loadCart();
    },
    { success: 'The cart is empty.', reload: loadCart },
  ),
);

/**
 * The tabs of one browser share its cookie: a sign-in or sign-out in one changes whom every other
 * acts as, so each tells the others, which show who that is now and their cart before the next
 * click (which would otherwise go, unawares, to another account's cart).
 */
const tabs = new BroadcastChannel('session');
tabs.addEventListener(
  'message',
  () => void act(document.querySelector('main'), () => Promise.all([loadMe(), loadCart()])),
);

void act(document.querySelector('main'), () => Promise.all([loadMe(), loadCatalog(), loadCart()]));
