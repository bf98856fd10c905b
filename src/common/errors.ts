/**
 * Errors with stable names. Services throw these; the HTTP exception filter and
 * the CLI map them to status codes / exit codes in one place each.
 */
export abstract class EvidentError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem in one input record: which record (0-based index), which field, what is wrong. */
export interface InputProblem {
  index?: number;
  line?: number;
  field?: string;
  message: string;
}

/** Bad input: the caller must fix the request. Nothing was written. HTTP 400 / exit 2. */
export class InvalidInputError extends EvidentError {
  readonly code = 'invalid-input';
  constructor(
    message: string,
    readonly problems: InputProblem[] = [],
  ) {
    super(message, { problems });
  }

  static forRecord(index: number, field: string | undefined, message: string, line?: number): InvalidInputError {
    const where = [`record ${index}`, line !== undefined ? `line ${line}` : undefined, field ? `field "${field}"` : undefined]
      .filter(Boolean)
      .join(', ');
    return new InvalidInputError(`${where}: ${message}`, [{ index, line, field, message }]);
  }
}

/** Request body or one NDJSON line exceeds the configured limit. HTTP 413 / exit 2. */
export class PayloadTooLargeError extends EvidentError {
  readonly code = 'payload-too-large';
}

export class UnauthenticatedError extends EvidentError {
  readonly code = 'unauthenticated';
}

export class ForbiddenError extends EvidentError {
  readonly code = 'forbidden';
}

export class NotFoundError extends EvidentError {
  readonly code = 'not-found';
}

export class ConflictError extends EvidentError {
  readonly code = 'conflict';
}

/** The service's configuration is invalid; raised at start-up. */
export class ConfigError extends EvidentError {
  readonly code = 'config-invalid';
}
