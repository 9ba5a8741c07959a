import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectRedis } from '@app/redis';
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

// Moves every line of KEYS[1] (anonymous) into KEYS[2] (the user's), adding quantities up to
// the cap; lines beyond the line limit are dropped. ARGV: max quantity, max lines.
const MERGE_SCRIPT = `
local lines = redis.call('HGETALL', KEYS[1])
for index = 1, #lines, 2 do
  local current = tonumber(redis.call('HGET', KEYS[2], lines[index]) or '0')
  if current > 0 or redis.call('HLEN', KEYS[2]) < tonumber(ARGV[2]) then
    redis.call('HSET', KEYS[2], lines[index], math.min(current + tonumber(lines[index + 1]), tonumber(ARGV[1])))
  end
end
redis.call('DEL', KEYS[1])
return #lines / 2`;

interface CartsScripts {
  cartAdd(key: string, sku: string, units: number, maxQuantity: number, maxLines: number, ttl: number): Promise<number>;
  cartSet(key: string, sku: string, quantity: number, ttl: number): Promise<number>;
  cartMerge(fromKey: string, toKey: string, maxQuantity: number, maxLines: number): Promise<number>;
}

/** Carts in Redis: a hash of sku -> quantity per cart. */
@Injectable()
export class CartsRepository {
  private readonly redis: Redis & CartsScripts;

  constructor(@InjectRedis() redis: Redis) {
    redis.defineCommand('cartAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
    redis.defineCommand('cartSet', { numberOfKeys: 1, lua: SET_SCRIPT });
    redis.defineCommand('cartMerge', { numberOfKeys: 2, lua: MERGE_SCRIPT });
    this.redis = redis as Redis & CartsScripts;
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

  async merge(fromKey: string, toKey: string): Promise<void> {
    await this.redis.cartMerge(fromKey, toKey, MAX_QUANTITY, MAX_LINES);
  }
}
