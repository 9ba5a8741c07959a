// The web client: plain DOM and fetch, no framework. It is served from the same origin as the API
// (the gateway or Traefik), so the HttpOnly session cookie goes along with every call and the page
// never sees a token. Each section reloads from the API after a change, so what it shows is what
// the replicas hold, whichever of them answered.

const $ = (id) => document.getElementById(id);

/** A refused call: the status and the API's error body ({ statusCode, error, message, errors? }). */
class ApiError extends Error {
  constructor(status, body) {
    const details = (body.errors ?? []).map((error) => error.message);
    super([body.message ?? `${status} ${body.error ?? 'error'}`, ...details].join('; '));
    this.status = status;
  }
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = response.status === 204 ? undefined : await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, payload ?? {});
  return payload;
}

/** The signed-in user ({ id, email, roles }), or null. */
let me = null;

function say(text, isError = false) {
  const message = $('message');
  message.textContent = text;
  message.classList.toggle('error', isError);
  message.hidden = false;
}

function showSignedOut() {
  me = null;
  $('status').textContent = 'Not signed in';
  $('signed-out').hidden = false;
  $('signed-in').hidden = true;
  $('logout').hidden = true;
}

/**
 * Runs one user action and reports its outcome. A 401 while signed in means the session ended
 * elsewhere (another device ended it, a password change, an operator): the page signs out.
 */
async function act(action, success) {
  try {
    await action();
    if (success) say(success);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && me) {
      showSignedOut();
      say('You were signed out: this session has ended, here or on another device.', true);
      await loadCart();
      return;
    }
    say(error.message, true);
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
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('logout').hidden = false;
  await Promise.all([loadProfile(), loadSessions()]);
}

async function loadProfile() {
  const profile = await api('GET', '/profile');
  $('displayName').value = profile.displayName;
  $('bio').value = profile.bio;
}

/** `element` with `text`: text goes in as text, never as markup (user agents, names). */
function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function button(label, onClick) {
  const element = el('button', label);
  element.type = 'button';
  element.addEventListener('click', onClick);
  return element;
}

async function loadSessions() {
  const sessions = await api('GET', '/auth/sessions');
  $('sessions').replaceChildren(
    ...sessions.map((session) => {
      const item = el('li');
      const seen = new Date(session.lastSeenAt).toLocaleString();
      item.append(el('span', `${session.userAgent || 'Unknown device'} · ${session.ip} · last seen ${seen}`, 'grow'));
      if (session.current) item.append(el('span', 'this device', 'current'));
      else
        item.append(
          button('End', () =>
            act(async () => {
              await api('DELETE', `/auth/sessions/${encodeURIComponent(session.id)}`);
              await loadSessions();
            }, 'That session has ended.'),
          ),
        );
      return item;
    }),
  );
}

const money = (cents) => (cents / 100).toFixed(2);

async function loadCatalog() {
  const products = await api('GET', '/cart/catalog');
  $('catalog').replaceChildren(
    ...products.map((product) => {
      const item = el('li');
      item.append(
        el('span', product.name, 'grow'),
        el('span', money(product.unitPriceCents)),
        button('Add', () =>
          act(async () => showCart(await api('POST', '/cart/items', { sku: product.sku, quantity: 1 }))),
        ),
      );
      return item;
    }),
  );
}

function showCart(cart) {
  $('cart').replaceChildren(
    ...cart.items.map((line) => {
      const item = el('li');
      const quantity = el('input');
      Object.assign(quantity, { type: 'number', min: '1', max: '99', value: String(line.quantity) });
      quantity.setAttribute('aria-label', `Quantity of ${line.name}`);
      quantity.addEventListener('change', () =>
        act(async () =>
          showCart(
            await api('PATCH', `/cart/items/${encodeURIComponent(line.sku)}`, { quantity: Number(quantity.value) }),
          ),
        ),
      );
      const remove = () =>
        act(async () => showCart(await api('DELETE', `/cart/items/${encodeURIComponent(line.sku)}`)));
      item.append(
        el('span', line.name, 'grow'),
        quantity,
        el('span', money(line.lineTotalCents)),
        button('Remove', remove),
      );
      return item;
    }),
  );
  $('cart-total').textContent = money(cart.totalCents);
}

async function loadCart() {
  showCart(await api('GET', '/cart'));
}

function credentials() {
  return { email: $('email').value, password: $('password').value };
}

$('register').addEventListener('click', () => {
  if (!$('credentials').reportValidity()) return;
  void act(() => api('POST', '/auth/register', credentials()), 'Account created: sign in with it.');
});

$('credentials').addEventListener('submit', (event) => {
  event.preventDefault();
  void act(async () => {
    await api('POST', '/auth/login', credentials());
    $('password').value = '';
    // The anonymous cart was merged into the user's at sign-in.
    await Promise.all([loadMe(), loadCart()]);
  }, 'Signed in.');
});

$('logout').addEventListener('click', () =>
  act(async () => {
    await api('POST', '/auth/logout');
    showSignedOut();
    await loadCart();
  }, 'Signed out.'),
);

$('profile').addEventListener('submit', (event) => {
  event.preventDefault();
  void act(
    () => api('PATCH', '/profile', { displayName: $('displayName').value, bio: $('bio').value }),
    'Profile saved.',
  );
});

$('refresh-sessions').addEventListener('click', () => act(loadSessions));

$('logout-others').addEventListener('click', () =>
  act(async () => {
    await api('POST', '/auth/logout-all?keepCurrent=true');
    await loadSessions();
  }, 'Every other session has ended.'),
);

$('clear-cart').addEventListener('click', () =>
  act(async () => {
    await api('DELETE', '/cart');
    await loadCart();
  }, 'The cart is empty.'),
);

void act(() => Promise.all([loadMe(), loadCatalog(), loadCart()]));
