// What ChutesClient signs requests with, and the one error type of the credential loaders.
import { redact } from '../redact';

export type Credentials =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'hotkey'; ss58: string; seedHex: string; userId?: string };

export type CredentialsProblem =
  | 'missing-file'
  | 'unreadable-file'
  | 'missing-section'
  | 'missing-key'
  | 'bad-seed'
  | 'bad-address'
  | 'ss58-mismatch'
  | 'encrypted-hotkey'
  | 'broken-file';

/** A credential source that cannot be used, with the reason in the user's terms (never the secret). */
export class CredentialsError extends Error {
  constructor(
    readonly problem: CredentialsProblem,
    message: string,
    readonly path?: string,
  ) {
    super(redact(message));
    this.name = 'CredentialsError';
  }
}
