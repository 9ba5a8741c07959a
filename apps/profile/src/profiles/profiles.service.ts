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

// What a display name may not hold (UpdateProfileDto): an email may hold some in a quoted local
// part, and accounts registered before emails were checked for control characters may.
const NOT_IN_A_DISPLAY_NAME = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/gu;

/** The email's local part (before its last `@`), as a display name: its first 64 characters. */
function defaultDisplayName(user: SessionUser): string {
  const at = user.email.lastIndexOf('@');
  const localPart = (at === -1 ? user.email : user.email.slice(0, at)).replace(NOT_IN_A_DISPLAY_NAME, '');
  return [...localPart].slice(0, 64).join('') || 'user';
}
