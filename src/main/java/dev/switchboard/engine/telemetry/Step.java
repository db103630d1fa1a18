package dev.switchboard.engine.telemetry;

/**
 * One step of a request as its timeline shows it: the trace span's name ({@code guard.input}, {@code cache.l1},
 * {@code upstream.queue}, {@code provider gpt-4o}, {@code parse}, ...), when it began after the request did, how
 * long it took, and a word on how it went.
 *
 * @param offsetNanos from the request's start to the step's
 * @param note        {@code hit} or {@code miss} for a tier read, the failure's kind for a step that threw; else null
 */
public record Step(String name, long offsetNanos, long nanos, String note) {
}
