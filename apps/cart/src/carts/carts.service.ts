import { randomBytes } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Session } from 'fastify';
import { RESOLVED_SESSION_OPTIONS, ResolvedSessionOptions, SessionService } from '@app/session';
import { CatalogService } from '../catalog/catalog.service';
import { Cart } from './cart.interface';
import { MAX_LINES } from './cart-limits';
import { CartsRepository } from './carts.repository';
import './cart-session-data';

interface CartRef {
  key: string;
  ttlSeconds: number;
}

/**
 * The cart of a session: an anonymous cart (its id kept in the session) until sign-in, then
 * the user's own cart, into which the anonymous one is merged on first use after sign-in.
 */
@Injectable()
export class CartsService {
  constructor(
    private readonly carts: CartsRepository,
    private readonly catalog: CatalogService,
    private readonly sessions: SessionService,
    @Inject(RESOLVED_SESSION_OPTIONS) private readonly sessionOptions: ResolvedSessionOptions,
  ) {}

  async get(session: Session): Promise<Cart> {
    const cart = await this.resolve(session, false);
    return cart ? this.view(cart.key) : { items: [], totalCents: 0 };
  }

  async add(session: Session, sku: string, quantity: number): Promise<Cart> {
    if (!this.catalog.find(sku)) {
      throw new BadRequestException({
        message: `Unknown sku ${sku}: see GET /cart/catalog`,
        errors: [{ field: 'sku', rule: 'inCatalog', message: `sku ${sku} is not in the catalog` }],
      });
    }
    const cart = (await this.resolve(session, true))!;
    if (!(await this.carts.add(cart.key, sku, quantity, cart.ttlSeconds))) {
      throw new ConflictException({
        message: `The cart is full: at most ${MAX_LINES} different products`,
        errors: [{ field: 'sku', rule: 'maxLines', message: `a cart holds at most ${MAX_LINES} lines` }],
      });
    }
    return this.view(cart.key);
  }

  async setQuantity(session: Session, sku: string, quantity: number): Promise<Cart> {
    const cart = await this.resolve(session, false);
    if (!cart || !(await this.carts.setQuantity(cart.key, sku, quantity, cart.ttlSeconds))) throw this.noLine(sku);
    return this.view(cart.key);
  }

  async remove(session: Session, sku: string): Promise<Cart> {
    const cart = await this.resolve(session, false);
    if (!cart || !(await this.carts.remove(cart.key, sku))) throw this.noLine(sku);
    return this.view(cart.key);
  }

  async clear(session: Session): Promise<void> {
    const cart = await this.resolve(session, false);
    if (cart) await this.carts.clear(cart.key);
  }

  private async resolve(session: Session, create: boolean): Promise<CartRef | null> {
    if (session.user) {
      const key = `cart:user:${session.user.id}`;
      if (session.cartId) {
        await this.carts.merge(anonymousKey(session.cartId), key);
        delete session.cartId;
      }
      return { key, ttlSeconds: 0 };
    }
    if (!session.cartId) {
      if (!create) return null;
      // Counted against the client's address before anything is stored (429 past the limit).
      await this.sessions.admitNewSession(session);
      // Writing the id into the session is what starts an anonymous session (and its cookie).
      session.cartId = randomBytes(16).toString('base64url');
    }
    // Kept as long as an anonymous session lives, from its last change.
    return { key: anonymousKey(session.cartId), ttlSeconds: this.sessionOptions.anonymousTimeoutSeconds };
  }

  private async view(key: string): Promise<Cart> {
    const lines = await this.carts.lines(key);
    const items = [...lines]
      .map(([sku, quantity]) => ({ product: this.catalog.find(sku), sku, quantity }))
      .filter((line) => line.product !== undefined)
      .sort((a, b) => this.catalog.position(a.sku) - this.catalog.position(b.sku))
      .map(({ product, sku, quantity }) => ({
        sku,
        name: product!.name,
        quantity,
        unitPriceCents: product!.unitPriceCents,
        lineTotalCents: quantity * product!.unitPriceCents,
      }));
    return { items, totalCents: items.reduce((sum, line) => sum + line.lineTotalCents, 0) };
  }

  private noLine(sku: string): NotFoundException {
    const known = this.catalog.find(sku) !== undefined;
    return new NotFoundException({
      message: known ? `The cart has no ${sku} line` : `Unknown sku ${sku}: see GET /cart/catalog`,
      errors: [
        known
          ? { field: 'sku', rule: 'inCart', message: `sku ${sku} is not in the cart` }
          : { field: 'sku', rule: 'inCatalog', message: `sku ${sku} is not in the catalog` },
      ],
    });
  }
}

const anonymousKey = (cartId: string): string => `cart:anon:${cartId}`;
