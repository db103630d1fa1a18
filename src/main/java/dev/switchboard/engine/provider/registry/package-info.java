/**
 * Which provider client serves which model, rebuilt when the providers section changes; alerts on refused keys. Also
 * builds the semantic cache's embedder when {@code semantic.provider} names an entry (an {@code OpenAiEmbedder} that
 * follows that entry's config).
 */
package dev.switchboard.engine.provider.registry;
