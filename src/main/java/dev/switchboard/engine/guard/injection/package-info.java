/**
 * Prompt-injection scoring: weighted rules (ignoring instructions, revealing the system prompt, role-play escapes,
 * fake chat delimiters), encoded and obfuscated payloads, against a configurable threshold.
 */
package dev.switchboard.engine.guard.injection;
