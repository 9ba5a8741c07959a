import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { ProfilesModule } from './profiles/profiles.module';

/** The profile app: the signed-in user's profile, under `/profile`. */
@Module({
  imports: [PlatformModule.forRoot({ name: 'profile' }), ProfilesModule],
})
export class ProfileModule {}
