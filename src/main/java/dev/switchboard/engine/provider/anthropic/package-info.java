/** The client for Anthropic's Messages API wire format. */
package dev.switchboard.engine.provider.anthropic;
