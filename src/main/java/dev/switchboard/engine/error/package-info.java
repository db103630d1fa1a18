/**
 * The one sealed hierarchy of failures the engine reports: each names what happened and what to do, and has a
 * stable {@code kind()} for counting.
 */
package dev.switchboard.engine.error;
