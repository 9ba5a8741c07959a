import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';

/**
 * The web client's app: its static files (`apps/web/src/public`) under `/web/`, and what every app
 * has (health, metrics, graceful shutdown). It has no API of its own: the page calls the others.
 */
@Module({
  imports: [PlatformModule.forRoot({ name: 'web' })],
})
export class WebModule {}
