/**
 * Routing: choosing the model for a request from what it asks. So far this holds the first step only:
 * {@link dev.switchboard.engine.route.TaskClassifier} reads a prompt with rules (precompiled patterns and keyword
 * sets, no model call) and names its {@link dev.switchboard.engine.route.TaskClass} and
 * {@link dev.switchboard.engine.route.Complexity} with the cues that decided, as a
 * {@link dev.switchboard.engine.route.TaskProfile}; route tables, cascades and votes will build on it. Nothing on
 * the request path calls it yet.
 */
package dev.switchboard.engine.route;
