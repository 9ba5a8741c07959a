/** What the API says of an account. */
export interface Account {
  id: string;
  email: string;
}

/** What `GET /auth/me` says of the signed-in user. */
export interface Me extends Account {
  roles: string[];
}
