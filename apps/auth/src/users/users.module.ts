import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service';
import { UsersRepository } from './users.repository';

@Module({
  providers: [PasswordHasher, UsersRepository],
  exports: [PasswordHasher, UsersRepository],
})
export class UsersModule {}
