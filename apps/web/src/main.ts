import { join } from 'node:path';
import { bootstrapApp } from '@app/platform';
import { WebModule } from './web.module';

// nest-cli.json copies apps/web/src/public beside this file's build output.
void bootstrapApp(WebModule, 'web', { staticRoot: join(__dirname, 'public') });
