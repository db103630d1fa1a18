package dev.switchboard.engine;

import dev.switchboard.engine.cache.CachedAnswer;
import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TieredCache;
import dev.switchboard.engine.cache.semantic.SemanticCache;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.NamespacePolicy;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.BudgetCheck;
import dev.switchboard.engine.cost.BudgetLevel;
import dev.switchboard.engine.cost.CostEvent;
import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.engine.error.BudgetExceededException;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.ParseFailedException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.guard.GuardedRequest;
import dev.switchboard.engine.guard.Guards;
import dev.switchboard.engine.guard.OutputGuard;
import dev.switchboard.engine.guard.RequestValidator;
import dev.switchboard.engine.guard.policy.GuardSettings;
import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.parse.ParseStep;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.limit.Limits;
import dev.switchboard.engine.error.StreamCutException;
import dev.switchboard.engine.provider.Provider;
import dev.switchboard.engine.provider.ProviderStream;
import dev.switchboard.engine.request.StreamAssembler;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.StreamObserver;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.engine.request.CacheKeys;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.resilience.Dedup;
import dev.switchboard.engine.resilience.Resilience;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.RequestEvents;
import dev.switchboard.engine.telemetry.Steps;
import dev.switchboard.engine.telemetry.Telemetry;
import dev.switchboard.engine.telemetry.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * The request path, top to bottom, in the order of the architecture brief. Steps not built yet are named where
 * they will go, so they join without reshaping the method.
 */
final class Orchestrator {
    private final Supplier<SwitchboardConfig> config;
    private final TieredCache cache;
    private final SemanticCache semantic;
    private final Provider provider;
    private final Limits limits;
    private final Resilience resilience;
    private final Dedup dedup;
    private final Telemetry telemetry;
    private final Ledger ledger;
    private final Guards guards;
    private final OutputGuard outputGuard;
    private final ParseStep parse;
    private final RequestEvents events;
    private final Tracing tracing;
    private final InstantSource clock;
    private final Ticker ticker;
    private final dev.switchboard.engine.recording.Recording recording;

    Orchestrator(Supplier<SwitchboardConfig> config, TieredCache cache, SemanticCache semantic, Provider provider,
                 Limits limits, Resilience resilience, Telemetry telemetry, Ledger ledger, Guards guards,
                 ParseStep parse, RequestEvents events, Tracing tracing, InstantSource clock, Ticker ticker,
                 dev.switchboard.engine.recording.Recording recording) {
        this.config = config;
        this.cache = cache;
        this.semantic = semantic;
        this.provider = provider;
        this.limits = limits;
        this.resilience = resilience;
        this.dedup = new Dedup(() -> config.get().resilience().dedupWindow());
        this.telemetry = telemetry;
        this.ledger = ledger;
        this.guards = guards;
        this.outputGuard = new OutputGuard(guards);
        this.parse = parse;
        this.events = events;
        this.tracing = tracing;
        this.clock = clock;
        this.ticker = ticker;
        this.recording = recording;
    }

    ChatResult handle(ChatRequest request) {
        return told(request, null);
    }

    /**
     * As {@link #handle}, streaming the answer to {@code out} as it arrives: a provider's deltas as they come, a
     * cached answer replayed as deltas. A stream is not shared with identical requests (each caller has its own
     * bytes to receive), and it is cached only once it completed.
     */
    ChatResult handleStream(ChatRequest request, StreamObserver out) {
        return told(request, out);
    }

    /**
     * The request answered and recorded, and its listeners told of the outcome, answered or failed; traced as one
     * span, the steps' spans under it.
     */
    private ChatResult told(ChatRequest request, StreamObserver out) {
        long start = ticker.read();
        // The request log's timeline: the steps below append to it (see Tracing.step and tierSpans).
        Steps steps = events.wantsDetail() ? Steps.open(ticker) : null;
        Span span = tracing.enabled() ? requestSpan(request) : null;
        Scope scope = span == null ? null : span.makeCurrent();
        try {
            ChatResult r = recorded(request, answer(request, out));
            if (span != null) {
                traced(span, request, r);
            }
            if (events.wanted()) {
                events.publish(new RequestEvent(clock.millis(), request.requestId(), request.namespace(), request.user(), plan(request),
                        request.model(), r.model(), r.servedBy(), RequestEvent.OK, r.latencyNanos(),
                        dev.switchboard.engine.cost.Micros.fromUsd(r.costUsd()), r.tokensIn(), r.tokensOut(),
                        r.route(), steps == null ? null : steps.answered(r)));
            }
            return r;
        } catch (EngineException e) {
            if (span != null) {
                Tracing.failed(span, e);
                span.setAttribute(Tracing.OUTCOME, e.kind());
            }
            if (events.wanted()) {
                events.publish(new RequestEvent(clock.millis(), request.requestId(), request.namespace(), request.user(), plan(request),
                        request.model(), null, null, e.kind(), ticker.read() - start, 0, 0, 0, List.of(),
                        steps == null ? null : steps.failed(e)));
            }
            throw e;
        } catch (RuntimeException e) {
            if (span != null) {
                Tracing.failed(span, e);
            }
            throw e;
        } finally {
            if (steps != null) {
                steps.close();
            }
            if (scope != null) {
                scope.close();
                span.end();
            }
        }
    }

    /**
     * A request's span, with the GenAI conventions' request attributes, or null when it is left out of the sample;
     * what the answer adds is set in {@link #traced}.
     */
    private Span requestSpan(ChatRequest request) {
        SpanBuilder b = tracing.builder("chat " + request.model(), Context.current());
        if (b == null) {
            return null;
        }
        b.setAttribute(Tracing.OPERATION, "chat")
                .setAttribute(Tracing.REQUEST_MODEL, request.model())
                .setAttribute(Tracing.NAMESPACE, request.namespace());
        if (request.requestId() != null) {
            b.setAttribute(Tracing.REQUEST_ID, request.requestId());
        }
        if (request.temperature() != null) {
            b.setAttribute(Tracing.TEMPERATURE, request.temperature());
        }
        if (request.maxTokens() != null) {
            b.setAttribute(Tracing.MAX_TOKENS, (long) request.maxTokens());
        }
        return b.startSpan();
    }

    /**
     * The exact tiers' reads in a traced request: L2 and L3 (a network round trip each) as spans {@code cache.l2},
     * {@code cache.l3}; L1, a memory read of about a microsecond, as the attribute {@code switchboard.cache.l1}
     * ({@code hit} or {@code miss}) on the request's span, which costs far less than a span of its own.
     */
    private static final String[] TIER_STEPS = java.util.Arrays.stream(Tier.values())
            .map(t -> "cache." + t.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);

    private final TieredCache.ReadObserver tierSpans = new TieredCache.ReadObserver() {
        @Override
        public Object reading(Tier tier) {
            Steps steps = Steps.current();
            if (steps != null) {
                steps.mark();
            }
            if (tier == Tier.L1 || !tracing.recording()) {
                return null;
            }
            SpanBuilder b = tracing.builder("cache." + tier.name().toLowerCase(java.util.Locale.ROOT),
                    Context.current());
            return b == null ? null : b.startSpan();
        }

        @Override
        public void read(Object token, Tier tier, boolean hit) {
            Steps steps = Steps.current();
            if (steps != null) {
                steps.marked(TIER_STEPS[tier.ordinal()], hit ? "hit" : "miss");
            }
            if (token instanceof Span s) {
                s.setAttribute(Tracing.CACHE_HIT, hit);
                s.end();
            } else if (tier == Tier.L1) {
                Tracing.current().setAttribute(Tracing.CACHE_L1, hit ? "hit" : "miss");
            }
        }
    };

    /** Where a request's answer came from, on its span (when the span is recorded). */
    private static void traced(Span span, ChatRequest request, ChatResult r) {
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(Tracing.RESPONSE_MODEL, r.model());
        if (r.servedBy() == ServedBy.PROVIDER) {
            // The conventions' usage is what the call consumed: a cached answer consumed none.
            span.setAttribute(Tracing.INPUT_TOKENS, (long) r.tokensIn());
            span.setAttribute(Tracing.OUTPUT_TOKENS, (long) r.tokensOut());
        }
        span.setAttribute(Tracing.SERVED_BY, r.servedBy().name());
        span.setAttribute(Tracing.OUTCOME, RequestEvent.OK);
    }

    /** One provider attempt as a client span (each retry and fallback its own), its model and tokens on it. */
    private <T> T attempt(ModelConfig m, SwitchboardConfig cfg, java.util.function.Supplier<T> call) {
        if (!tracing.stepping()) {
            return call.get();
        }
        return tracing.step("provider " + m.name(), () -> {
            Span s = Tracing.current();
            s.setAttribute(Tracing.OPERATION, "chat");
            s.setAttribute(Tracing.REQUEST_MODEL, m.name());
            s.setAttribute(Tracing.PROVIDER, providerName(m, cfg));
            T t = call.get();
            if (t instanceof ProviderResponse r) {
                s.setAttribute(Tracing.RESPONSE_MODEL, r.model());
                s.setAttribute(Tracing.INPUT_TOKENS, (long) r.tokensIn());
                s.setAttribute(Tracing.OUTPUT_TOKENS, (long) r.tokensOut());
            }
            return t;
        });
    }

    /** The conventions' provider name: the upstream's kind ({@code openai}, {@code anthropic}) or the simulator. */
    private static String providerName(ModelConfig m, SwitchboardConfig cfg) {
        var p = cfg.providers().get(m.provider());
        return p == null ? ModelConfig.SIMULATED : p.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The upstream buckets' wait of one attempt, as a span of its own. */
    private dev.switchboard.engine.limit.UpstreamPermit queue(ModelConfig m, long deadline, long reserve) {
        return tracing.stepping() ? tracing.step("upstream.queue", () -> limits.acquire(m, deadline, reserve))
                : limits.acquire(m, deadline, reserve);
    }

    private ChatResult recorded(ChatRequest request, ChatResult result) {
        // 11. the cost ledger: every answered request, whatever answered it. Its re-prompts have rows of their own.
        double reprompts = result.servedBy() == ServedBy.PROVIDER && result.output() != null
                ? result.output().repromptCostUsd() : 0;
        CostEvent e = CostEvent.ofUsd(clock.millis(), request.user(), plan(request), request.namespace(),
                request.model(), result.model(), result.servedBy(), result.tokensIn(), result.tokensOut(),
                result.costUsd() - reprompts, result.costSavedUsd(), result.latencyNanos() / 1_000);
        if (ledger.durable() && tracing.stepping()) {
            tracing.run("ledger", () -> ledger.record(e));
        } else {
            ledger.record(e);
        }
        return result;
    }

    private String plan(ChatRequest request) {
        if (request.plan() != null) {
            return request.plan();
        }
        SwitchboardConfig cfg = config.get();
        return cfg.limits().enabled() ? cfg.limits().defaultPlan() : null;
    }

    /** @param out where to stream the answer; null for a plain request */
    private ChatResult answer(ChatRequest asked, StreamObserver out) {
        long start = ticker.read();
        try {
            SwitchboardConfig cfg = config.get();
            // 1. validate and guard the input: redaction happens here, before any key is computed, so redacted
            //    text is never stored or sent
            ModelConfig model = RequestValidator.validate(asked, cfg);
            GuardSettings guarding = cfg.guards();
            var inputPolicy = guarding.policyFor(asked.namespace(), false);
            // A span only for guards that look: an L1 hit should not export a step that did nothing.
            GuardedRequest guarded = inputPolicy.active()
                    ? tracing.step("guard.input", () -> guards.checkInput(asked, inputPolicy))
                    : guards.checkInput(asked, inputPolicy);
            ChatRequest request = guarded.request();
            // The recording sees what the engine keys and sends: the request as the guards left it.
            recording.seen(request, start);
            List<String> notes = guarded.clean() ? List.of() : guarded.verdicts().stream().map(Guards::describe).toList();
            Expectation expected = cfg.parse().enabled() ? cfg.parse().expectationFor(request) : null;
            if (out != null && OutputGuard.rewrites(guarding.rulesFor(request.namespace(), true))) {
                // Bytes streamed cannot be taken back: where answers are redacted or blocked, the stream is sent
                // once the answer is whole and guarded.
                ChatResult whole = finish(respond(request, null, cfg, model, expected, start), request, cfg,
                        expected, notes);
                return replayed(whole, out);
            }
            return finish(respond(request, out, cfg, model, expected, start), request, cfg, expected, notes);
        } catch (EngineException e) {
            telemetry.failed(e.kind());
            throw e;
        }
    }

    /**
     * 8 and 9 on the way out, for every answer: one expected to be structured and not parsed yet (a cache hit) is
     * parsed, then the output guards see it (the parsed value's strings, or the text).
     */
    private ChatResult finish(ChatResult r, ChatRequest request, SwitchboardConfig cfg, Expectation expected,
                              List<String> notes) {
        String answer = r.answer();
        dev.switchboard.engine.request.StructuredOutput output = r.output();
        if (expected != null && output == null && r.choices().get(0).toolCalls().isEmpty()) {
            ParseStep.Outcome o = parse.cached(request, expected, cfg.parse(), answer);
            answer = o.answer();
            output = o.output();
        }
        String text = answer;
        dev.switchboard.engine.request.StructuredOutput parsed = output;
        var outputPolicy = cfg.guards().policyFor(request.namespace(), true);
        OutputGuard.Guarded g = outputPolicy.active()
                ? tracing.step("guard.output", () -> outputGuard.check(text, parsed, outputPolicy))
                : outputGuard.check(text, parsed, outputPolicy);
        List<String> allNotes = g.notes().isEmpty() ? notes
                : java.util.stream.Stream.concat(notes.stream(), g.notes().stream()).toList();
        if (allNotes.isEmpty() && g.answer() == r.answer() && g.output() == r.output()) {
            return r;
        }
        return r.finished(g.answer(), allNotes, g.output(), r.costUsd(), r.latencyNanos());
    }

    /** Steps 2 to 7 (and 8 for a provider's answer): what answers the guarded request. */
    private ChatResult respond(ChatRequest request, StreamObserver out, SwitchboardConfig cfg, ModelConfig model,
                               Expectation expected, long start) {
        // 2. admission: the user's plan windows, per-model caps, lockouts
        if (limits.enabled() && tracing.stepping()) {
            tracing.run("admit", () -> limits.admit(request));
        } else {
            limits.admit(request);
        }
        CacheKey key = CacheKeys.of(request, model.version());
        boolean storable = cfg.policy(request.namespace()) == NamespacePolicy.STORE;
        Steps.keep(request, key, storable);
        // 3. dedup: identical requests share one provider call. It runs after the exact cache (step 4) has
        //    missed, so a hit never pays for it; the brief's order would put it first.
        // 4. exact cache: L1 -> L2 -> L3, promoting on a lower-tier hit
        SemanticCache.Attempt meaning = null;
        if (storable && !request.bypassCache()) {
            TieredCache.Hit hit = tracing.stepping() ? cache.lookup(key, tierSpans) : cache.lookup(key);
            if (hit != null) {
                return replayed(answeredFromCache(hit.tier().servedBy(), hit.answer(), key, cfg, start, List.of()),
                        out);
            }
            // 5. semantic cache: the same question in other words, in the same partition; its answer is read
            //    from the exact tiers under the entry's key. The embedding is kept for the write below.
            meaning = semantic.enabled() ? tracing.step("cache.semantic", () -> semantic.lookup(request, model.version()))
                    : null;
            if (meaning != null && meaning.hit()) {
                CacheKey answerKey = meaning.answerKey();
                TieredCache.Hit h = cache.lookup(answerKey);
                if (h != null) {
                    if (!request.noStore()) {
                        // Under the request's own key too: its repeats are exact hits, as they would be with the
                        // semantic cache off, and pay no embedding.
                        cache.store(key, h.answer());
                    }
                    return replayed(answeredFromCache(ServedBy.SEMANTIC, h.answer(), answerKey, cfg, start,
                            List.of(semanticNote(meaning))), out);
                }
                semantic.answerGone(meaning);
            }
        }
        SemanticCache.Attempt meant = meaning;
        // 6. routing joins here; the request's model heads its fallback chain.
        //    Budgets are this request's user's own: decided before dedup, so a shared call never carries
        //    another user's refusal or soft-routed model.
        Budgeted budgeted = tracing.step("budget", () -> budget(request, model, cfg));
        if (out != null) {
            return streamProvider(request, model, budgeted, key, storable, cfg, start, out, meant, expected);
        }
        if (request.bypassCache()) {
            // Asked for a fresh answer: neither a cached nor a shared one.
            return callProvider(request, model, budgeted, key, storable, cfg, start, meant, expected);
        }
        // Answers never cross users where the namespace is user-specific; a budget's decision (its model, and the
        // route's note of the user's spend) is shared only with the same user's identical requests.
        boolean ownAnswer = !storable || !budgeted.note().isEmpty();
        String dedupKey = (ownAnswer ? key.value() + "|" + request.user() : key.value())
                + (budgeted.target() == model ? "" : "|" + budgeted.target().name());
        boolean cached = storable && cfg.tiers().l1().enabled();
        Dedup.Shared shared = dedup.run(dedupKey, !cached,
                () -> callProvider(request, model, budgeted, key, storable, cfg, start, meant, expected));
        if (!shared.coalesced()) {
            return shared.result();
        }
        resilience.countCoalesced();
        ChatResult leader = shared.result();
        long latency = ticker.read() - start;
        double saved = leader.servedBy() == ServedBy.PROVIDER ? leader.costUsd() : leader.costSavedUsd();
        telemetry.answered(ServedBy.COALESCED, latency, 0, saved);
        return leader.sharedAs(ServedBy.COALESCED, latency, saved);
    }

    /** The model a request's budget lets it call, and the note for its route when that is not the asked one. */
    private record Budgeted(ModelConfig target, List<String> note) {
    }

    /**
     * Budgets guard the money: past the hard limit no call is made, past the soft limit the cheapest model in the
     * chain is asked instead (a cache hit above cost nothing and was served whatever the budget).
     */
    private Budgeted budget(ChatRequest request, ModelConfig model, SwitchboardConfig cfg) {
        BudgetCheck budget = ledger.budgets().check(request.user());
        if (budget.level() == BudgetLevel.HARD) {
            throw new BudgetExceededException(budget.budget(), budget.describe(), cfg.budgets().hardPercent(),
                    budget.resetsIn());
        }
        if (budget.level() != BudgetLevel.SOFT) {
            return new Budgeted(model, List.of());
        }
        ModelConfig target = cheapestInChain(model, cfg);
        return new Budgeted(target, List.of(target == model
                ? "budget: " + budget.describe() + " is past the soft limit; " + model.name()
                        + " is already the cheapest model in its chain"
                : "budget: " + budget.describe() + " is past the soft limit; routed to " + target.name()
                        + ", the cheapest model in the chain of " + model.name()));
    }

    /** Steps 7 to 12 for a request no cache could answer. */
    private ChatResult callProvider(ChatRequest request, ModelConfig model, Budgeted budgeted, CacheKey key,
                                    boolean storable, SwitchboardConfig cfg, long start,
                                    SemanticCache.Attempt meaning, Expectation expected) {
        ModelConfig target = budgeted.target();
        List<String> budgetNote = budgeted.note();
        // 7. the provider call: fallback chain -> per model: retry -> upstream buckets (queue) -> breaker -> time limit
        long deadline = start + cfg.resilience().deadline().toNanos();
        Resilience.Outcome<ProviderResponse> outcome;
        try {
            outcome = resilience.call(target, cfg.models(), m -> attempt(m, cfg, () -> provider.complete(request, m)),
                    this::queue, deadline, (m, kind, billable) -> failedCall(request, m, kind, billable));
        } catch (UpstreamUnavailableException | TimedOutException e) {
            return stale(e, key, storable, cfg, start);
        }
        return answered(request, model, outcome, outcome.response(), budgetNote, key, storable, cfg, start, meaning,
                expected, deadline, false);
    }

    /** Nothing in the chain could answer: the last cached answer, even expired, beats an error. */
    private ChatResult stale(EngineException e, CacheKey key, boolean storable, SwitchboardConfig cfg, long start) {
        TieredCache.Hit old = storable ? cache.lookupStale(key) : null;
        if (old == null) {
            throw e;
        }
        resilience.countStale();
        return answeredFromCache(ServedBy.STALE, old.answer(), key, cfg, start,
                List.of(e.getMessage(), "served a stale answer from " + old.tier()));
    }

    /**
     * Step 7 for a stream: the chain's retries and failover cover the stream's opening, up to its first event;
     * after that its deltas go to the caller as they come and a break is a cut stream, never a retry.
     */
    private ChatResult streamProvider(ChatRequest request, ModelConfig model, Budgeted budgeted, CacheKey key,
                                      boolean storable, SwitchboardConfig cfg, long start, StreamObserver out,
                                      SemanticCache.Attempt meaning, Expectation expected) {
        long deadline = start + cfg.resilience().deadline().toNanos();
        Resilience.Outcome<ProviderStream> outcome;
        try {
            outcome = resilience.call(budgeted.target(), cfg.models(),
                    m -> attempt(m, cfg, () -> provider.stream(request, m)), this::queue, deadline,
                    (m, kind, billable) -> failedCall(request, m, kind, billable));
        } catch (UpstreamUnavailableException | TimedOutException e) {
            return replayed(stale(e, key, storable, cfg, start), out);
        }
        StreamAssembler whole = new StreamAssembler();
        ProviderResponse response;
        try (ProviderStream stream = outcome.response()) {
            out.onStart(ServedBy.PROVIDER, key);
            for (StreamDelta d = stream.next(); d != null; d = stream.next()) {
                whole.add(d);
                out.onDelta(d);
            }
            response = stream.response();
        } catch (StreamCutException e) {
            failedCall(request, outcome.model(), e.kind(), true);
            throw e;
        } catch (EngineException e) {
            failedCall(request, outcome.model(), "stream_cut", true);
            throw new StreamCutException(outcome.model().name(), e.getMessage());
        } catch (RuntimeException e) {
            // The caller went away (its observer threw): the upstream is closed; the prompt was still processed.
            failedCall(request, outcome.model(), "caller_gone", true);
            throw e;
        }
        return answered(request, model, outcome, response, budgeted.note(), key, storable, cfg, start, meaning,
                expected, deadline, true);
    }

    private static ChatResult replayed(ChatResult result, StreamObserver out) {
        if (out != null) {
            out.onStart(result.servedBy(), result.cacheKey());
            StreamDelta.replay(result.choices()).forEach(out::onDelta);
        }
        return result;
    }

    /**
     * Steps 8 to 12 for the provider's answer (9, the output guards, runs on the way out, for every answer).
     *
     * @param streamed whether the caller already has the answer's bytes: it is parsed, never re-prompted
     */
    private ChatResult answered(ChatRequest request, ModelConfig model, Resilience.Outcome<?> outcome,
                                ProviderResponse response, List<String> budgetNote, CacheKey key, boolean storable,
                                SwitchboardConfig cfg, long start, SemanticCache.Attempt meaning,
                                Expectation expected, long deadline, boolean streamed) {
        double cost = outcome.model().cost(response.tokensIn(), response.tokensOut());
        // 8. parse the output through the strategy chain; a re-prompt goes back through step 7
        ParseStep.Outcome parsed = null;
        List<Choice> choices = response.choices();
        if (expected != null && choices.get(0).toolCalls().isEmpty()) {
            try {
                parsed = tracing.step("parse", () -> parse.fresh(request, expected, cfg.parse(), response.answer(),
                        streamed ? null : followUp -> reprompt(request, followUp, outcome.model(), cfg, deadline)));
            } catch (ParseFailedException e) {
                // The call answered and is billed, though its answer is of no use: the ledger keeps it.
                ledger.record(new CostEvent(clock.millis(), request.user(), plan(request), request.namespace(),
                        request.model(), outcome.model().name(), null, response.tokensIn(), response.tokensOut(),
                        outcome.model().costMicros(response.tokensIn(), response.tokensOut()), 0,
                        (ticker.read() - start) / 1_000));
                throw e;
            }
            if (parsed.stored() != null && !parsed.stored().equals(response.answer())) {
                choices = new java.util.ArrayList<>(choices);
                choices.set(0, choices.get(0).withText(parsed.stored()));
            }
        }
        // 10. write through to every enabled tier, unless the namespace must not be stored. A fallback model's
        //     answer is not stored under the asked model's key: the key promises that model's answer. A caller
        //     may opt out for one request (noStore).
        boolean askedModelAnswered = outcome.model().name().equals(model.name());
        // An answer that did not parse (returned raw where the namespace allows it) is not kept.
        boolean usable = parsed == null || parsed.stored() != null;
        if (storable && askedModelAnswered && !request.noStore() && usable) {
            long now = clock.millis();
            cache.store(key, new CachedAnswer(choices.get(0).text(), response.model(), response.tokensIn(),
                    response.tokensOut(), cost, now, now, choices));
            // ... and the prompt joins the semantic index, with the embedding its lookup computed.
            semantic.store(meaning, key);
        }
        // 12. telemetry (11, the ledger, records every answer in handle)
        double total = parsed == null ? cost : cost + parsed.repromptCostUsd();
        long latency = ticker.read() - start;
        telemetry.answered(ServedBy.PROVIDER, latency, total, 0);
        List<String> route = budgetNote.isEmpty() ? outcome.route()
                : java.util.stream.Stream.concat(budgetNote.stream(), outcome.route().stream()).toList();
        ChatResult r = new ChatResult(response.answer(), ServedBy.PROVIDER, response.model(), latency,
                response.tokensIn(), response.tokensOut(), total, 0, key, outcome.queuedNanos(), outcome.retries(),
                route, choices, null, response.confidence(), null);
        return parsed == null ? r : r.finished(parsed.answer(), List.of(), parsed.output(), total, latency);
    }

    /**
     * One re-prompt through step 7, headed by the model that answered: buckets, breakers, retries and the request's
     * deadline apply, and the call is in the ledger as a re-prompt of this request.
     */
    private ParseStep.Reply reprompt(ChatRequest request, ChatRequest followUp, ModelConfig answered,
                                     SwitchboardConfig cfg, long deadline) {
        long t0 = ticker.read();
        Resilience.Outcome<ProviderResponse> o = resilience.call(answered, cfg.models(),
                m -> attempt(m, cfg, () -> provider.complete(followUp, m)), this::queue, deadline,
                (m, kind, billable) -> failedCall(followUp, m, kind, billable));
        ProviderResponse r = o.response();
        long micros = o.model().costMicros(r.tokensIn(), r.tokensOut());
        long took = ticker.read() - t0;
        ledger.record(CostEvent.reprompt(clock.millis(), request.user(), plan(request), request.namespace(),
                request.model(), o.model().name(), r.tokensIn(), r.tokensOut(), micros, took / 1_000));
        return new ParseStep.Reply(r.answer(), o.model().name(), r.tokensIn(), r.tokensOut(), micros / 1_000_000.0,
                took);
    }

    /**
     * A call that reached the provider and did not answer is in the ledger all the same: one cut by a time limit
     * had its prompt processed and is billed for it (its input tokens, estimated); an error answer costs nothing
     * but is a call made. A provider that could not be reached at all is no call.
     */
    private void failedCall(ChatRequest request, ModelConfig m, String kind, boolean billable) {
        if ("upstream_unavailable".equals(kind)) {
            return;
        }
        int tokensIn = TokenEstimator.ofRequest(request);
        long cost = billable ? m.costMicros(tokensIn, 0) : 0;
        ledger.record(CostEvent.failedCall(clock.millis(), request.user(), plan(request), request.namespace(),
                request.model(), m.name(), tokensIn, cost));
        telemetry.failedCall(cost / 1_000_000.0);
    }

    /** The route's note of a semantic hit: how close, and to which cached prompt. */
    private static String semanticNote(SemanticCache.Attempt a) {
        String p = a.lookup().candidate().prompt();
        String shown = p.length() > 120 ? p.substring(0, 117) + "..." : p;
        return String.format(java.util.Locale.ROOT, "semantic: %.3f similar to \"%s\"", a.lookup().similarity(),
                shown);
    }

    /** The model with the lowest price per token among {@code model} and its fallbacks. */
    private static ModelConfig cheapestInChain(ModelConfig model, SwitchboardConfig cfg) {
        ModelConfig best = model;
        for (String name : cfg.resilience().chain(model.name())) {
            ModelConfig m = cfg.models().get(name);
            if (m != null && m.blendedPrice() < best.blendedPrice()) {
                best = m;
            }
        }
        return best;
    }

    private ChatResult answeredFromCache(ServedBy by, CachedAnswer a, CacheKey key, SwitchboardConfig cfg, long start,
                                         List<String> route) {
        // A hit saves what the call would cost at today's price; the stored cost covers a model since removed.
        ModelConfig writer = cfg.models().get(a.model());
        double saved = writer != null ? writer.cost(a.tokensIn(), a.tokensOut()) : a.costUsd();
        long latency = ticker.read() - start;
        telemetry.answered(by, latency, 0, saved);
        return new ChatResult(a.answer(), by, a.model(), latency, a.tokensIn(), a.tokensOut(), 0, saved, key, 0, 0,
                route, a.allChoices());
    }
}
