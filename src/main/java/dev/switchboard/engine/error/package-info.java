/**
 * The one sealed hierarchy of failures the engine reports: each names what happened and what to do, and has a
 * stable {@code kind()} for counting. {@link dev.switchboard.engine.error.Echo} is how any error message quotes
 * its input: one line, a short prefix of a long value, never a password.
 */
package dev.switchboard.engine.error;
