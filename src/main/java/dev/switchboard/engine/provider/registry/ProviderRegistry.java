package dev.switchboard.engine.provider.registry;

import dev.switchboard.engine.cache.semantic.Embedder;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.ProviderKind;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.provider.Provider;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.ProviderStream;
import dev.switchboard.engine.provider.SimulatedProvider;
import dev.switchboard.engine.provider.anthropic.AnthropicProvider;
import dev.switchboard.engine.provider.openai.OpenAiEmbedder;
import dev.switchboard.engine.provider.openai.OpenAiProvider;
import dev.switchboard.engine.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which client serves a model: the simulator, or the HTTP client of the provider the model names; and the semantic
 * cache's embedder when its settings name a provider ({@link #embedder}). Clients are
 * built on first use and rebuilt when their provider's config changes (the old one is closed once no new call can
 * reach it). A provider that refuses its credentials is alerted once, in the log and the snapshot, not per request.
 */
public final class ProviderRegistry implements Provider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    /** A built client and the config it was built from. */
    private record Client(ProviderConfig config, Provider provider) {
    }

    private final Supplier<SwitchboardConfig> config;
    private final SimulatedProvider simulated;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    /** Providers whose credentials were refused, with the reason, until one of their calls succeeds. */
    private final Map<String, String> authFailures = new ConcurrentHashMap<>();

    public ProviderRegistry(Supplier<SwitchboardConfig> config, SimulatedProvider simulated) {
        this.config = config;
        this.simulated = simulated;
    }

    /** The client for {@code model}'s provider under the current config. */
    public Provider forModel(ModelConfig model) {
        ProviderConfig pc = config.get().providerOf(model);
        if (pc == null) {
            return simulated;
        }
        Client c = clients.get(pc.name());
        if (c == null || !c.config().equals(pc)) {
            Client built = clients.compute(pc.name(), (name, old) -> {
                if (old != null && old.config().equals(pc)) {
                    return old;
                }
                if (old != null) {
                    closeQuietly(old.provider());
                }
                return new Client(pc, build(pc));
            });
            c = built;
        }
        return c.provider();
    }

    /**
     * The semantic cache's embedder for settings that name a provider: a client of that provider's
     * {@code /embeddings} endpoint, following its entry through config changes as chat clients do.
     *
     * @throws IllegalArgumentException when the settings name no provider, or one that is not of kind openai
     *                                  (the config's validation refuses both first)
     */
    public Embedder embedder(SemanticSettings s) {
        String name = s.provider();
        if (name == null) {
            throw new IllegalArgumentException("provider: not set; the local models come from Embedders.local");
        }
        ProviderConfig pc = config.get().providers().get(name);
        if (pc == null || pc.kind() != ProviderKind.OPENAI) {
            throw new IllegalArgumentException("provider: '" + name + "' is not a provider of kind openai");
        }
        return new OpenAiEmbedder(() -> config.get().providers().get(name), name, s.model());
    }

    private Provider build(ProviderConfig pc) {
        return switch (pc.kind()) {
            case OPENAI -> new OpenAiProvider(pc);
            case ANTHROPIC -> new AnthropicProvider(pc);
            case SIMULATED -> simulated;
        };
    }

    @Override
    public ProviderResponse complete(ChatRequest request, ModelConfig model) {
        Provider p = forModel(model);
        try {
            ProviderResponse r = p.complete(request, model);
            cleared(model);
            return r;
        } catch (ProviderAuthException e) {
            refused(e);
            throw e;
        }
    }

    @Override
    public ProviderStream stream(ChatRequest request, ModelConfig model) {
        Provider p = forModel(model);
        try {
            ProviderStream s = p.stream(request, model);
            cleared(model);
            return s;
        } catch (ProviderAuthException e) {
            refused(e);
            throw e;
        }
    }

    private void refused(ProviderAuthException e) {
        if (authFailures.put(e.provider(), e.getMessage()) == null) {
            LOG.error("{} (further refusals are not logged until a call to it succeeds)", e.getMessage());
        }
    }

    private void cleared(ModelConfig model) {
        if (!authFailures.isEmpty() && authFailures.remove(model.provider()) != null) {
            LOG.info("provider '{}' accepts its credentials again", model.provider());
        }
    }

    /** Providers currently refusing their credentials: {@code name -> reason}. */
    public Map<String, String> authFailures() {
        return Map.copyOf(authFailures);
    }

    public SimulatedProvider simulated() {
        return simulated;
    }

    @Override
    public long upstreamViolations() {
        long n = simulated.upstreamViolations();
        for (Client c : clients.values()) {
            if (c.provider() != simulated) {
                n += c.provider().upstreamViolations();
            }
        }
        return n;
    }

    @Override
    public long calls() {
        long n = simulated.calls();
        for (Client c : clients.values()) {
            if (c.provider() != simulated) {
                n += c.provider().calls();
            }
        }
        return n;
    }

    @Override
    public void close() {
        List<Client> all = new ArrayList<>(clients.values());
        clients.clear();
        all.forEach(c -> closeQuietly(c.provider()));
        simulated.close();
    }

    private void closeQuietly(Provider p) {
        if (p != simulated && p instanceof AutoCloseable a) {
            try {
                a.close();
            } catch (Exception e) {
                LOG.warn("closing a provider client failed: {}", e.toString());
            }
        }
    }
}
