import { Module } from '@nestjs/common';
import { ThrottlingModule } from '../throttling/throttling.module';
import { UsersModule } from '../users/users.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';

@Module({
  imports: [UsersModule, ThrottlingModule],
  controllers: [AccountsController],
  providers: [AccountsService],
})
export class AccountsModule {}
