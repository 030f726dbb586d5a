import type { CheckError } from '../core/validation/checks.ts';
import { reason, type Reason, type ReasonCode, type ReasonParam } from '../core/rules/reason.ts';

/**
 * A request Tact refuses or cannot carry out, for the person using Tact. It carries a reason (a
 * code and its parameters), never a sentence: the page that asked words it in its own language,
 * which may not be the background's. A refused model also carries its problems. The message is
 * the code, for the console (`invalid:<field code>` for an invalid answer, as the overlay reads it).
 */
export class RequestError extends Error {
  override name = 'RequestError';
  readonly reason: Reason;
  constructor(
    code: ReasonCode,
    params?: Record<string, ReasonParam>,
    readonly problems?: CheckError[],
  ) {
    // The overlay reads an invalid answer's field code from the message, as the in-page drivers throw it.
    const answer = params?.answer;
    super(code === 'req-invalid-answer' && typeof answer === 'string' ? `invalid:${answer}` : code);
    this.reason = reason(code, params);
  }
}

/** The reason of any failure: a refused request, storage full, or an unexpected bug. */
export function failureReason(error: unknown): Reason {
  if (error instanceof RequestError) return error.reason;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') return reason('req-storage-full');
  if (name === 'VersionError') return reason('req-data-open-elsewhere');
  return reason('req-unexpected', { message: (error as Error)?.message ?? String(error) });
}
