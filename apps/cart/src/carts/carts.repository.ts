import { Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient } from '@app/redis';
import { SessionReplacedException } from '@app/session';
import { MAX_LINES, MAX_QUANTITY } from './cart-limits';

// The field that seals an anonymous cart merged at sign-in. It keeps its lines until it
// expires, and refuses every change (IS_SEALED): one that a request of the replaced anonymous
// session, still running, makes after the merge would go to a cart nobody reads again. Skus
// never start with '!'.
const SEALED = '!merged';
const IS_SEALED = -2;
const REFUSE_SEALED = `if redis.call('HEXISTS', KEYS[1], '${SEALED}') == 1 then return ${IS_SEALED} end`;

// Every change is one script, so concurrent changes from any replica add up exactly.
// ARGV: sku, units, max quantity, max lines, ttl seconds (0: none). Returns the new quantity,
// or -1 when the cart has no room for another line.
const ADD_SCRIPT = `${REFUSE_SEALED}
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return -1 end
local quantity = math.min(current + tonumber(ARGV[2]), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], ARGV[1], quantity)
if ARGV[5] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[5]) end
return quantity`;

// ARGV: sku, quantity, ttl seconds. Returns 0 when the cart has no such line.
const SET_SCRIPT = `${REFUSE_SEALED}
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return 1`;

// ARGV: sku. Returns 0 when the cart has no such line.
const REMOVE_SCRIPT = `${REFUSE_SEALED}
return redis.call('HDEL', KEYS[1], ARGV[1])`;

const CLEAR_SCRIPT = `${REFUSE_SEALED}
return redis.call('DEL', KEYS[1])`;

// Seals an anonymous cart (see SEALED), kept ARGV[1] seconds more, and returns its lines as sku
// and quantity pairs; sealed already, it returns the same lines.
const SEAL_SCRIPT = `
redis.call('HSET', KEYS[1], '${SEALED}', '1')
redis.call('EXPIRE', KEYS[1], ARGV[1])
local lines = {}
local fields = redis.call('HGETALL', KEYS[1])
for index = 1, #fields, 2 do
  if fields[index] ~= '${SEALED}' then
    lines[#lines + 1] = fields[index]
    lines[#lines + 1] = fields[index + 1]
  end
end
return lines`;

// Adds the lines of an anonymous cart to KEYS[1] (the user's cart), quantities capped, lines
// beyond the line limit dropped, once: KEYS[2] (the same slot, by hash tag) marks that cart as
// merged, so a second request merging it concurrently, or again after a failure, adds nothing.
// ARGV: max quantity, max lines, mark ttl seconds, then sku and quantity pairs. Returns -1 when
// the cart was merged already.
const MERGE_SCRIPT = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then return -1 end
for index = 4, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[index]) or '0')
  if current > 0 or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[2]) then
    redis.call('HSET', KEYS[1], ARGV[index], math.min(current + tonumber(ARGV[index + 1]), tonumber(ARGV[1])))
  end
end
return (#ARGV - 3) / 2`;

interface CartsScripts {
  cartAdd(key: string, sku: string, units: number, maxQuantity: number, maxLines: number, ttl: number): Promise<number>;
  cartSet(key: string, sku: string, quantity: number, ttl: number): Promise<number>;
  cartRemove(key: string, sku: string): Promise<number>;
  cartClear(key: string): Promise<number>;
  cartSeal(key: string, ttl: number): Promise<string[]>;
  cartMerge(toKey: string, markKey: string, ...args: (string | number)[]): Promise<number>;
}

/**
 * Carts in Redis: a hash of sku -> quantity per cart. Every script touches one key, or two of
 * one slot, so the carts work on Redis Cluster as on one Redis.
 */
@Injectable()
export class CartsRepository {
  private readonly redis: RedisClient & CartsScripts;

  constructor(@InjectRedis() redis: RedisClient) {
    redis.defineCommand('cartAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
    redis.defineCommand('cartSet', { numberOfKeys: 1, lua: SET_SCRIPT });
    redis.defineCommand('cartRemove', { numberOfKeys: 1, lua: REMOVE_SCRIPT });
    redis.defineCommand('cartClear', { numberOfKeys: 1, lua: CLEAR_SCRIPT });
    redis.defineCommand('cartSeal', { numberOfKeys: 1, lua: SEAL_SCRIPT });
    redis.defineCommand('cartMerge', { numberOfKeys: 2, lua: MERGE_SCRIPT });
    this.redis = redis as RedisClient & CartsScripts;
  }

  async lines(key: string): Promise<Map<string, number>> {
    const fields = await this.redis.hgetall(key);
    delete fields[SEALED];
    return new Map(Object.entries(fields).map(([sku, quantity]) => [sku, Number(quantity)]));
  }

  /**
   * Adds units to a line, capped; `false` when a new line would exceed the line limit. This and
   * every change below throws `SessionReplacedException` (409) for an anonymous cart merged at
   * sign-in: the request's session was replaced meanwhile.
   */
  async add(key: string, sku: string, units: number, ttlSeconds: number): Promise<boolean> {
    return unsealed(await this.redis.cartAdd(key, sku, units, MAX_QUANTITY, MAX_LINES, ttlSeconds)) !== -1;
  }

  /** Sets a line's quantity; `false` when the cart has no such line. */
  async setQuantity(key: string, sku: string, quantity: number, ttlSeconds: number): Promise<boolean> {
    return unsealed(await this.redis.cartSet(key, sku, quantity, ttlSeconds)) === 1;
  }

  /** Removes a line; `false` when the cart has no such line. */
  async remove(key: string, sku: string): Promise<boolean> {
    return unsealed(await this.redis.cartRemove(key, sku)) === 1;
  }

  async clear(key: string): Promise<void> {
    unsealed(await this.redis.cartClear(key));
  }

  /**
   * Moves the lines of an anonymous cart into a user's cart exactly once. The two carts may be
   * on different cluster nodes, so this is two steps: seal the anonymous cart and read its lines
   * (one script), then add them with a mark of the merge next to the user's cart (`markKey`,
   * one script). Either step may fail or run twice; the sealed cart gives the same lines again,
   * and the mark keeps them from being added twice, for as long as the anonymous cart could
   * live (`ttlSeconds`).
   */
  async merge(fromKey: string, toKey: string, markKey: string, ttlSeconds: number): Promise<void> {
    const lines = await this.redis.cartSeal(fromKey, ttlSeconds);
    if (lines.length > 0) {
      await this.redis.cartMerge(toKey, markKey, MAX_QUANTITY, MAX_LINES, ttlSeconds, ...lines);
    }
  }
}

function unsealed(result: number): number {
  if (result === IS_SEALED) throw new SessionReplacedException();
  return result;
}
