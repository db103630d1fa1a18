package dev.switchboard.engine;

import dev.switchboard.engine.cache.CachedAnswer;
import dev.switchboard.engine.cache.TieredCache;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.NamespacePolicy;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.guard.RequestValidator;
import dev.switchboard.engine.limit.Limits;
import dev.switchboard.engine.provider.Provider;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.engine.request.CacheKeys;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.Telemetry;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * The request path, top to bottom, in the order of the architecture brief. Steps not built yet are named where
 * they will go, so they join without reshaping the method.
 */
final class Orchestrator {
    private final Supplier<SwitchboardConfig> config;
    private final TieredCache cache;
    private final Provider provider;
    private final Limits limits;
    private final Telemetry telemetry;
    private final InstantSource clock;

    Orchestrator(Supplier<SwitchboardConfig> config, TieredCache cache, Provider provider, Limits limits,
                 Telemetry telemetry, InstantSource clock) {
        this.config = config;
        this.cache = cache;
        this.provider = provider;
        this.limits = limits;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    ChatResult handle(ChatRequest request) {
        long start = System.nanoTime();
        try {
            SwitchboardConfig cfg = config.get();
            // 1. validate and guard the input
            ModelConfig model = RequestValidator.validate(request, cfg);
            // 2. admission: the user's plan windows, per-model caps, lockouts
            limits.admit(request);
            // 3. dedup joins here.
            CacheKey key = CacheKeys.of(request, model.version());
            boolean storable = cfg.policy(request.namespace()) == NamespacePolicy.STORE;
            // 4. exact cache: L1 -> L2 -> L3, promoting on a lower-tier hit
            if (storable && !request.bypassCache()) {
                TieredCache.Hit hit = cache.lookup(key);
                if (hit != null) {
                    return answeredFromCache(hit, key, cfg, start);
                }
            }
            // 5. semantic cache and 6. routing join here; for now the request's own model answers.
            // 7. the provider call, behind the upstream buckets (queued up to the deadline, 429s retried)
            Limits.Outcome outcome = limits.callUpstream(model, () -> provider.complete(request, model));
            ProviderResponse response = outcome.response();
            // 8. output parsing and 9. output guards join here.
            double cost = model.cost(response.tokensIn(), response.tokensOut());
            // 10. write through to every enabled tier, unless the namespace must not be stored
            if (storable) {
                long now = clock.millis();
                cache.store(key, new CachedAnswer(response.answer(), response.model(), response.tokensIn(),
                        response.tokensOut(), cost, now, now));
            }
            // 11. the cost ledger joins here.
            // 12. telemetry
            long latency = System.nanoTime() - start;
            telemetry.answered(ServedBy.PROVIDER, latency, cost, 0);
            return new ChatResult(response.answer(), ServedBy.PROVIDER, response.model(), latency,
                    response.tokensIn(), response.tokensOut(), cost, 0, key, outcome.queuedNanos());
        } catch (EngineException e) {
            telemetry.failed(e.kind());
            throw e;
        }
    }

    private ChatResult answeredFromCache(TieredCache.Hit hit, CacheKey key, SwitchboardConfig cfg, long start) {
        CachedAnswer a = hit.answer();
        // A hit saves what the call would cost at today's price; the stored cost covers a model since removed.
        ModelConfig writer = cfg.models().get(a.model());
        double saved = writer != null ? writer.cost(a.tokensIn(), a.tokensOut()) : a.costUsd();
        ServedBy by = hit.tier().servedBy();
        long latency = System.nanoTime() - start;
        telemetry.answered(by, latency, 0, saved);
        return new ChatResult(a.answer(), by, a.model(), latency, a.tokensIn(), a.tokensOut(), 0, saved, key, 0);
    }
}
