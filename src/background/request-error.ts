import type { CheckError } from '../core/validation/checks.ts';

/**
 * An error whose message is meant for the person using Tact (shown as is, no stack trace); a refused
 * model also carries its problems, which the pages word in their language.
 */
export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    message: string,
    readonly problems?: CheckError[],
  ) {
    super(message);
  }
}

/** A message for any failure: storage full, a refused request, or an unexpected bug. */
export function describeFailure(error: unknown): string {
  if (error instanceof RequestError) return error.message;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError')
    return 'Browser storage is full: Tact could not save this. Free some space or lower the data retention, then try again.';
  if (name === 'VersionError')
    return 'Another version of Tact has its data open. Close other Tact pages and try again.';
  return `Tact hit an unexpected problem: ${(error as Error)?.message ?? String(error)}`;
}
