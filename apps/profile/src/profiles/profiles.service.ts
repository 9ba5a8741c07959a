import { BadRequestException, Injectable } from '@nestjs/common';
import { SessionUser } from '@app/session';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { Profile } from './dto/profile.dto';
import { ProfileRecord, ProfilesRepository } from './profiles.repository';

@Injectable()
export class ProfilesService {
  constructor(private readonly profiles: ProfilesRepository) {}

  /** The user's profile, created on first read with their email's local part as name. */
  async get(user: SessionUser): Promise<Profile> {
    // A plain read first: the script that creates a profile runs once per user, not per read.
    const record =
      (await this.profiles.find(user.id)) ?? (await this.profiles.upsert(user.id, defaultDisplayName(user)));
    return this.toProfile(user, record);
  }

  async update(user: SessionUser, changes: UpdateProfileDto): Promise<Profile> {
    if (changes.displayName === undefined && changes.bio === undefined) {
      throw new BadRequestException({
        message: 'Nothing to change: send displayName, bio or both',
        errors: [{ field: 'body', rule: 'atLeastOneField', message: 'body must contain displayName or bio' }],
      });
    }
    const record = await this.profiles.upsert(user.id, defaultDisplayName(user), {
      displayName: changes.displayName,
      bio: changes.bio,
    });
    return this.toProfile(user, record);
  }

  private toProfile(user: SessionUser, record: ProfileRecord): Profile {
    return { id: user.id, email: user.email, ...record };
  }
}

const defaultDisplayName = (user: SessionUser): string => user.email.split('@')[0].slice(0, 64) || 'user';
