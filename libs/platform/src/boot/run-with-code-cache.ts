import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { debuglog } from 'node:util';
import { constants, Script } from 'node:vm';
import { crc32 } from 'node:zlib';

// `NODE_DEBUG=code_cache` prints what became of the cache.
const debug = debuglog('code_cache');

// Published once a server listens: the boot is over, and every function it ran is compiled.
const LISTENING_CHANNEL = 'tracing:net.server.listen:asyncEnd';

// The cache file starts with the CRC-32 of the source it was made from: V8 checks only the
// source's length, and a cache of another build of the same length would run that build's code.
const CHECKSUM_BYTES = 4;

/** Where the code cache of `file` is kept: beside it. */
export const codeCacheFileOf = (file: string): string => `${file}.cache`;

/**
 * Runs the CommonJS file `file` (an app's bundle) as `node <file>` would, compiled from the V8
 * code cache beside it ({@link codeCacheFileOf}) when that was made from this very file and V8
 * accepts it (the same Node and V8 flags); compiled from source otherwise.
 *
 * With `writeCache`, it runs `file` from source and, once the app listens, writes the cache and
 * ends the process. That cache holds the code of every function the boot ran, which is why it
 * is made here and not by Node's compile cache (`NODE_COMPILE_CACHE`): Node's is made when the
 * file is compiled, before it runs, and holds only the functions V8 compiles eagerly, so a boot
 * from it still compiles each function of Nest's start on its first call.
 */
export function runWithCodeCache(file: string, writeCache = false): void {
  const bytes = readFileSync(file);
  const checksum = crc32(bytes);
  const cacheFile = codeCacheFileOf(file);
  const cachedData = writeCache ? undefined : cacheOf(cacheFile, checksum);
  // The wrapper on a line of its own (lineOffset -1), so that stack traces and profiles give the
  // file's own lines and columns.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${bytes.toString()}\n})`, {
    filename: file,
    lineOffset: -1,
    cachedData,
    // An `import()` webpack left alone (`webpackIgnore`) resolves as in a module Node loaded.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData) debug('%s %s', cacheFile, script.cachedDataRejected ? 'rejected' : 'accepted');
  if (writeCache) {
    const write = (): void => {
      unsubscribe(LISTENING_CHANNEL, write);
      const header = Buffer.alloc(CHECKSUM_BYTES);
      header.writeUInt32BE(checksum);
      writeFileSync(cacheFile, Buffer.concat([header, script.createCachedData()]));
      debug('%s written', cacheFile);
      process.exit(0);
    };
    subscribe(LISTENING_CHANNEL, write);
  }
  const bundle = new Module(file);
  bundle.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(bundle.exports, bundle.exports, createRequire(file), bundle, file, dirname(file));
}

/** The V8 data of the cache in `cacheFile` if it was made from the source with `checksum`. */
function cacheOf(cacheFile: string, checksum: number): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    debug('%s absent', cacheFile);
    return undefined;
  }
  if (cache.length <= CHECKSUM_BYTES || cache.readUInt32BE(0) !== checksum) {
    debug('%s is of another build', cacheFile);
    return undefined;
  }
  return cache.subarray(CHECKSUM_BYTES);
}
