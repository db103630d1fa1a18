/**
 * The Keys tab: the gateway's keys in a table (never their secrets), a dialog to create one (checked as typed by
 * {@code KeyForm}, free of JavaFX), the new secret shown once with a Copy button, and revoking with a confirmation.
 * Every key store call runs in the background; the store comes from whoever started the engine
 * ({@code ConsoleContext.keys()}).
 */
package dev.switchboard.console.keys;
