// Error classes thrown by the iso-core WebAssembly package. Every error is an `Error` (with a stack), an `IsoError`,
// and one of the subclasses below; `name` is the class name and `code` a stable string for programs.

export class IsoError extends Error {
  constructor(message, details) {
    super(message);
    this.name = new.target.name;
    this.code = 'ISO_ERROR';
    if (details) Object.assign(this, details);
  }
}

/** The input could not be read: bad syntax, a wrong type, an unknown key, an oversized input. */
export class ParseError extends IsoError {
  constructor(message, details) { super(message, details); this.code = 'ISO_PARSE'; }
}

/** The input was read but breaks a rule; `issues` lists every problem. */
export class ValidationError extends IsoError {
  constructor(message, details) { super(message, details); this.code = 'ISO_VALIDATION'; }
}

/** An id (norm, clause, requirement) is not in the catalogue. */
export class NotFoundError extends IsoError {
  constructor(message, details) { super(message, details); this.code = 'ISO_NOT_FOUND'; }
}

/** Quantities of incompatible units or dimensions were combined, or a unit is unknown. */
export class UnitError extends IsoError {
  constructor(message, details) { super(message, details); this.code = 'ISO_UNIT'; }
}

/** A value is undefined (a ratio with a zero denominator) and a number was asked for. */
export class UndefinedError extends IsoError {
  constructor(message, details) { super(message, details); this.code = 'ISO_UNDEFINED'; }
}

/** An argument has the wrong type or value (an unknown language, a bad option). */
export class ArgumentError extends IsoError {
  constructor(message, details) { super(message, details); this.code = 'ISO_ARGUMENT'; }
}

const classes = { IsoError, ParseError, ValidationError, NotFoundError, UnitError, UndefinedError, ArgumentError };

export function makeError(kind, message, details) {
  const Class = classes[kind] || IsoError;
  return new Class(message, details);
}

export function errorClasses() {
  return classes;
}
