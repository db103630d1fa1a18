package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.request.ChatRequest;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output parser's settings, as the config's {@code parse:} section holds them (YAML names in brackets).
 *
 * @param enabled      whether answers that expect structure are parsed at all ({@code enabled})
 * @param chain        the strategies in order ({@code chain}, ids of {@link Strategy})
 * @param maxReprompts how many follow-ups one request may send, 0..5 ({@code max_reprompts}); only with
 *                     {@code reprompt} in the chain
 * @param schemas      named JSON Schemas namespaces refer to ({@code schemas})
 * @param namespaces   per-namespace expectations ({@code namespaces})
 * @param rawOnFailure return the raw text instead of an error when nothing parses, unless the namespace says
 *                     otherwise ({@code raw_on_failure})
 */
public record ParseSettings(boolean enabled, List<Strategy> chain, int maxReprompts, Map<String, JsonNode> schemas,
                            Map<String, NamespaceParse> namespaces, boolean rawOnFailure) {
    public static final int MAX_REPROMPTS = 5;

    public ParseSettings {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("chain: must name at least one strategy; known: "
                    + Strategy.ALL.stream().map(Strategy::id).toList());
        }
        EnumSet<Strategy> seen = EnumSet.noneOf(Strategy.class);
        for (Strategy s : chain) {
            if (s == null) {
                throw new IllegalArgumentException("chain: must not contain an empty entry");
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("chain: '" + s.id() + "' is listed twice");
            }
        }
        chain = List.copyOf(chain);
        if (maxReprompts < 0 || maxReprompts > MAX_REPROMPTS) {
            throw new IllegalArgumentException("max_reprompts: must be between 0 and " + MAX_REPROMPTS + ", got "
                    + maxReprompts);
        }
        schemas = Collections.unmodifiableMap(new LinkedHashMap<>(schemas == null ? Map.of() : schemas));
        for (Map.Entry<String, JsonNode> e : schemas.entrySet()) {
            String problem = SchemaCompiler.problem(e.getValue());
            if (problem != null) {
                throw new IllegalArgumentException("schemas." + e.getKey() + ": " + problem);
            }
        }
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces == null ? Map.of() : namespaces));
        for (Map.Entry<String, NamespaceParse> e : namespaces.entrySet()) {
            String s = e.getValue().schema();
            if (s != null && !schemas.containsKey(s)) {
                throw new IllegalArgumentException("namespaces." + e.getKey() + ".schema: unknown schema '" + s
                        + "'; known: " + schemas.keySet());
            }
        }
    }

    /** On, every strategy in order, one re-prompt, no named schemas, errors rather than raw text. */
    public static ParseSettings defaults() {
        return new ParseSettings(true, Strategy.ALL, 1, Map.of(), Map.of(), false);
    }

    /**
     * What {@code r}'s answer must be: its {@code response_format} first, else its namespace's schema or fields,
     * else null (free text).
     *
     * @throws dev.switchboard.engine.error.InvalidRequestException when the response_format is malformed
     */
    public Expectation expectationFor(ChatRequest r) {
        Expectation e = Expectation.fromResponseFormat(r.responseFormat());
        if (e != null) {
            return e;
        }
        NamespaceParse ns = namespaces.get(r.namespace());
        if (ns == null) {
            return null;
        }
        if (ns.schema() != null) {
            return new Expectation.JsonSchema(ns.schema(), schemas.get(ns.schema()));
        }
        return ns.fields().isEmpty() ? null : new Expectation.Fields(ns.fields());
    }

    /** Whether a failure in {@code namespace} returns the raw text: the namespace's own word, else the global one. */
    public boolean rawOnFailure(String namespace) {
        NamespaceParse ns = namespaces.get(namespace);
        return ns != null ? ns.rawOnFailure() : rawOnFailure;
    }

    /** True when the chain ends in re-prompts the caller may send. */
    public boolean reprompts() {
        return maxReprompts > 0 && chain.contains(Strategy.REPROMPT);
    }

    public ParseSettings withEnabled(boolean on) {
        return new ParseSettings(on, chain, maxReprompts, schemas, namespaces, rawOnFailure);
    }

    public ParseSettings withChain(List<Strategy> c) {
        return new ParseSettings(enabled, c, maxReprompts, schemas, namespaces, rawOnFailure);
    }

    public ParseSettings withMaxReprompts(int n) {
        return new ParseSettings(enabled, chain, n, schemas, namespaces, rawOnFailure);
    }
}
