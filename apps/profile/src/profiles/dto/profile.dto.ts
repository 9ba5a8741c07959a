/** A user's public profile. */
export class Profile {
  id: string;
  email: string;
  displayName: string;
  bio: string;
  /** ISO 8601. */
  updatedAt: string;
}
