/** What the API says of an account. */
export class Account {
  id: string;
  email: string;
}

/** What `GET /auth/me` says of the signed-in user. */
export class Me extends Account {
  roles: string[];
}
