import '@app/session';

declare module '@app/session' {
  interface SessionData {
    /** The anonymous cart of a client that has not signed in yet (merged into the user's at sign-in). */
    cartId?: string;
  }
}
