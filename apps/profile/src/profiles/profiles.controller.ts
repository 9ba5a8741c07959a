import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { AuthenticatedGuard, CurrentUser, SessionUser } from '@app/session';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { Profile } from './profile.interface';
import { ProfilesService } from './profiles.service';

@Controller()
@UseGuards(AuthenticatedGuard)
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  get(@CurrentUser() user: SessionUser): Promise<Profile> {
    return this.profiles.get(user);
  }

  @Patch()
  update(@CurrentUser() user: SessionUser, @Body() changes: UpdateProfileDto): Promise<Profile> {
    return this.profiles.update(user, changes);
  }
}
