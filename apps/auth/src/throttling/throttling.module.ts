import { Module } from '@nestjs/common';
import { AuthThrottle } from './auth-throttle.service';

@Module({
  providers: [AuthThrottle],
  exports: [AuthThrottle],
})
export class ThrottlingModule {}
