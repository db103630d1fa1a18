package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.routing.RouteRunner;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.VoteRoute;
import dev.switchboard.gateway.http.Exchange;
import dev.switchboard.gateway.openai.OpenAiWire;
import java.math.BigDecimal;

/**
 * {@code GET /v1/route-suggest?route=auto&prompt=...} (optional {@code system}, {@code max_tokens}) and
 * {@code POST /v1/route-suggest} with an OpenAI chat body (its {@code model}, or {@code ?route=}, names the route):
 * what the route would do with the request, and why, without calling any model. A table route is decided as the
 * engine would decide it now (the caller's budget, the breakers, {@code x-switchboard-latency}), with the target's
 * estimated cost and the premium model's for comparison; a cascade, vote or experiment says what it would call.
 */
final class RouteSuggestEndpoint {
    private final Engine engine;

    RouteSuggestEndpoint(Engine engine) {
        this.engine = engine;
    }

    ObjectNode suggest(Exchange ex, Callers.Caller caller) {
        ChatRequest.Builder b = ex.method().equals("POST") ? fromBody(ex) : fromQuery(ex);
        b.user(caller.user()).plan(caller.plan());
        RouteHeaders.latency(ex, b);
        ChatRequest request = b.build();
        SwitchboardConfig cfg = engine.config();
        String name = request.model();
        Route route = cfg.routing().route(name);
        if (route == null) {
            throw new Refusal(Failure.Kind.ROUTE_NOT_FOUND, "no route named '"
                    + dev.switchboard.engine.error.Echo.of(name) + "'"
                    + (cfg.models().containsKey(name) ? " ('" + name + "' is a model, which needs no suggestion)" : "")
                    + "; routes: " + (cfg.routing().routes().isEmpty() ? "none configured (the config's routing.routes)"
                    : String.join(", ", cfg.routing().routes().keySet())), "route", null);
        }
        if (!caller.mayUse(name)) {
            throw new Refusal(Failure.Kind.FORBIDDEN, "this key may not use route '" + name + "'; it may use: "
                    + String.join(", ", caller.key().models()), "route", null);
        }
        ObjectNode o = Router.MAPPER.createObjectNode();
        o.put("object", "route.suggestion");
        o.put("route", route.name());
        o.put("kind", route.kind());
        if (route instanceof TableRoute t) {
            table(o, t, request, cfg);
        } else {
            calls(o, route);
        }
        return o;
    }

    private void table(ObjectNode o, TableRoute t, ChatRequest request, SwitchboardConfig cfg) {
        dev.switchboard.engine.routing.Router.Decision d = engine.routes().suggest(t, request);
        o.put("target", d.target());
        o.put("task_class", d.profile().taskClass().wireName());
        o.put("complexity", d.profile().complexity().wireName());
        ArrayNode cues = o.putArray("cues");
        d.profile().reasons().forEach(cues::add);
        ArrayNode reasons = o.putArray("reasons");
        d.reasons().forEach(reasons::add);
        int in = TokenEstimator.ofRequest(request);
        int out = request.maxTokens() == null
                ? dev.switchboard.engine.routing.Router.ASSUMED_OUTPUT_TOKENS : request.maxTokens();
        ObjectNode tokens = o.putObject("estimated_tokens");
        tokens.put("input", in);
        tokens.put("output", out);
        ModelConfig target = cfg.models().get(d.target());
        Route inner = cfg.routing().route(d.target());
        if (target != null) {
            o.put("estimated_cost_usd", usd(target.cost(in, out)));
        } else {
            // A cell naming a cascade, vote or experiment: what that would call; its cost depends on how it runs.
            o.putNull("estimated_cost_usd");
            if (inner != null) {
                ObjectNode via = o.putObject("target_route");
                via.put("route", inner.name());
                via.put("kind", inner.kind());
                calls(via, inner);
            }
        }
        ModelConfig premium = RouteRunner.premium(cfg);
        if (premium == null) {
            o.putNull("premium_model");
            o.putNull("premium_estimated_cost_usd");
        } else {
            o.put("premium_model", premium.name());
            o.put("premium_estimated_cost_usd", usd(premium.cost(in, out)));
        }
    }

    /** What a cascade, vote or experiment would call. */
    private static void calls(ObjectNode o, Route route) {
        switch (route) {
            case CascadeRoute c -> {
                ArrayNode stages = o.putArray("stages");
                c.stages().forEach(stages::add);
                o.put("threshold", c.threshold());
                o.put("confidence", c.confidence().configName());
                if (c.field() != null) {
                    o.put("field", c.field());
                }
                if (c.verifier() != null) {
                    o.put("verifier", c.verifier());
                }
            }
            case VoteRoute v -> {
                ArrayNode voters = o.putArray("voters");
                v.voters().forEach(voters::add);
                o.put("field", v.field());
                o.put("early_stop", v.earlyStop());
            }
            case ExperimentRoute e -> {
                ArrayNode arms = o.putArray("arms");
                arms.addObject().put("arm", "a").put("model", e.a()).put("percent", 100 - e.bPercent());
                arms.addObject().put("arm", "b").put("model", e.b()).put("percent", e.bPercent());
            }
            case TableRoute t -> throw new IllegalStateException("a table is suggested by its decision: " + t.name());
        }
    }

    private static ChatRequest.Builder fromQuery(Exchange ex) {
        String route = ex.query("route");
        if (route == null || route.isBlank()) {
            throw new Refusal(Failure.Kind.INVALID_REQUEST, "route: is required: the route's name, as a request "
                    + "would give it as its model (?route=auto&prompt=...)", "route", null);
        }
        String prompt = ex.query("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw new Refusal(Failure.Kind.INVALID_REQUEST, "prompt: is required: the user message to classify "
                    + "(?route=" + dev.switchboard.engine.error.Echo.of(route) + "&prompt=...)", "prompt", null);
        }
        ChatRequest.Builder b = ChatRequest.builder().model(route.strip()).prompt(prompt);
        String system = ex.query("system");
        if (system != null && !system.isBlank()) {
            b.system(system);
        }
        String max = ex.query("max_tokens");
        if (max != null) {
            try {
                int v = Integer.parseInt(max.strip());
                if (v < 1) {
                    throw new NumberFormatException();
                }
                b.maxTokens(v);
            } catch (NumberFormatException e) {
                throw new Refusal(Failure.Kind.INVALID_REQUEST, "max_tokens: must be a whole number of at least 1, "
                        + "got '" + dev.switchboard.engine.error.Echo.of(max) + "'", "max_tokens", null);
            }
        }
        return b;
    }

    /** An OpenAI chat body; {@code ?route=} names the route when given, else the body's {@code model} does. */
    private static ChatRequest.Builder fromBody(Exchange ex) {
        JsonNode body = ChatEndpoint.body(ex);
        String route = ex.query("route");
        if (route != null && !route.isBlank()) {
            ((ObjectNode) body).put("model", route.strip());
        }
        return OpenAiWire.toRequest(body);
    }

    private static BigDecimal usd(double v) {
        return Micros.toUsd(Micros.fromUsd(v));
    }
}
