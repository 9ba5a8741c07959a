import { Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient } from '@app/redis';
import { MAX_LINES, MAX_QUANTITY } from './cart-limits';

// Every change is one script, so concurrent changes from any replica add up exactly.
// ARGV: sku, units, max quantity, max lines, ttl seconds (0: none). Returns the new quantity,
// or -1 when the cart has no room for another line.
const ADD_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return -1 end
local quantity = math.min(current + tonumber(ARGV[2]), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], ARGV[1], quantity)
if ARGV[5] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[5]) end
return quantity`;

// ARGV: sku, quantity, ttl seconds. Returns 0 when the cart has no such line.
const SET_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return 1`;

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
    redis.defineCommand('cartMerge', { numberOfKeys: 2, lua: MERGE_SCRIPT });
    this.redis = redis as RedisClient & CartsScripts;
  }

  async lines(key: string): Promise<Map<string, number>> {
    const fields = await this.redis.hgetall(key);
    return new Map(Object.entries(fields).map(([sku, quantity]) => [sku, Number(quantity)]));
  }

  /** Adds units to a line, capped; `false` when a new line would exceed the line limit. */
  async add(key: string, sku: string, units: number, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.cartAdd(key, sku, units, MAX_QUANTITY, MAX_LINES, ttlSeconds)) !== -1;
  }

  /** Sets a line's quantity; `false` when the cart has no such line. */
  async setQuantity(key: string, sku: string, quantity: number, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.cartSet(key, sku, quantity, ttlSeconds)) === 1;
  }

  /** Removes a line; `false` when the cart has no such line. */
  async remove(key: string, sku: string): Promise<boolean> {
    return (await this.redis.hdel(key, sku)) === 1;
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }

  /**
   * Moves the lines of an anonymous cart into a user's cart exactly once. The two carts may be
   * on different cluster nodes, so this is three steps: read the anonymous cart, add its lines
   * with a mark of the merge next to the user's cart (`markKey`, one script), delete it. Any
   * step may fail or run twice; the mark keeps the lines from being added twice for as long as
   * the anonymous cart could live (`markTtlSeconds`).
   */
  async merge(fromKey: string, toKey: string, markKey: string, markTtlSeconds: number): Promise<void> {
    const lines = Object.entries(await this.redis.hgetall(fromKey)).flat();
    if (lines.length > 0) {
      await this.redis.cartMerge(toKey, markKey, MAX_QUANTITY, MAX_LINES, markTtlSeconds, ...lines);
    }
    await this.redis.del(fromKey);
  }
}
