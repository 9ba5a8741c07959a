import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { UsersModule } from '../users/users.module';
import { RoleGrants } from './role-grants.service';

/** What `cli.js` runs: the app's config, Redis and sessions, without HTTP. */
@Module({
  imports: [PlatformModule.forRoot({ name: 'auth' }), UsersModule],
  providers: [RoleGrants],
})
export class OperatorModule {}
