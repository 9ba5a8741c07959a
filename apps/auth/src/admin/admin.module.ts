import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { RolesController } from './roles.controller';

@Module({
  imports: [UsersModule],
  controllers: [RolesController],
})
export class AdminModule {}
