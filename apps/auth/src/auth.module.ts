import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { AccountsModule } from './accounts/accounts.module';
import { AdminModule } from './admin/admin.module';
import { SessionsModule } from './sessions/sessions.module';

/** The auth app: accounts, sign-in, the user's sessions and roles, under `/auth`. */
@Module({
  imports: [PlatformModule.forRoot({ name: 'auth' }), AccountsModule, SessionsModule, AdminModule],
})
export class AuthModule {}
