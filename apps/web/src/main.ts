import { join } from 'node:path';
import { bootstrapApp } from '@app/platform';
import { WebModule } from './web.module';

// nest-cli.json copies apps/web/src/public into dist/apps/web, keeping its path from the
// repository root (the tsconfig's rootDir): beside this bundle, under apps/web/src/public.
void bootstrapApp(WebModule, 'web', { staticRoot: join(__dirname, 'apps', 'web', 'src', 'public') });
