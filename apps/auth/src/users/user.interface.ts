/** A stored account. */
export interface User {
  id: string;
  email: string;
  passwordHash: string;
  roles: string[];
  createdAt: number;
}
