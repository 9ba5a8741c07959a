import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuthenticatedGuard, CurrentUser, SessionUser } from '@app/session';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { Profile } from './dto/profile.dto';
import { ProfilesService } from './profiles.service';

@Controller()
@UseGuards(AuthenticatedGuard)
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's profile, created on first read" })
  get(@CurrentUser() user: SessionUser): Promise<Profile> {
    return this.profiles.get(user);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the display name, the bio or both' })
  update(@CurrentUser() user: SessionUser, @Body() changes: UpdateProfileDto): Promise<Profile> {
    return this.profiles.update(user, changes);
  }
}
