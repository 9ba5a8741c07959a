// The image's start of an app (dist/apps/<app>/start.js, built beside its main.js): main.js from
// the code cache made when the image was built (`--write-code-cache`, docker/Dockerfile).
import { join } from 'node:path';
import { runWithCodeCache } from './run-with-code-cache';

const WRITE_FLAG = '--write-code-cache';

const writeCache = process.argv.includes(WRITE_FLAG);
// The app sees the arguments it would have seen started as `node main.js`.
process.argv = [
  process.argv[0],
  join(__dirname, 'main.js'),
  ...process.argv.slice(2).filter((arg) => arg !== WRITE_FLAG),
];
runWithCodeCache(process.argv[1], writeCache);
