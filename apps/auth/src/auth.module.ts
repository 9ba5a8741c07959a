import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { AccountsModule } from './accounts/accounts.module';

/** The auth app: accounts and sign-in, under `/auth`. */
@Module({
  imports: [PlatformModule.forRoot({ name: 'auth' }), AccountsModule],
})
export class AuthModule {}
