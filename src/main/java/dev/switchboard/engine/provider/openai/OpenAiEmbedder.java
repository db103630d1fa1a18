package dev.switchboard.engine.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.cache.semantic.Embedder;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.ProviderKind;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.provider.http.UpstreamErrors;
import dev.switchboard.engine.provider.http.UpstreamHttp;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The semantic cache's embeddings from an OpenAI-compatible endpoint: {@code POST {base_url}/embeddings} with
 * {@code {"model": M, "input": [text]}} (Azure OpenAI, a provider with an {@code api_version}:
 * {@code POST /openai/deployments/{M}/embeddings?api-version=V}, {@code M} the deployment's name), the provider's
 * credentials as its chat calls send them ({@code Authorization: Bearer}, Azure's {@code api-key}, none without a
 * key), and {@code data[0].embedding} read back and L2-normalized. Only float arrays are read: the request names no
 * {@code encoding_format}, so the documented default ({@code float}) answers; a base64 string is refused.
 *
 * <p>{@link #id()} is {@code openai:PROVIDER/MODEL}, so these vectors never share a partition with a local model's
 * or another endpoint's. {@link #dimensions()} is learned from the first answer; an answer of another length later
 * is refused (the endpoint's model changed under its name).
 *
 * <p>Transport, timeouts and error mapping are the provider's own ({@link UpstreamHttp}, {@link UpstreamErrors}):
 * 429 is rate limited, 5xx an upstream error, no answer within {@code read_timeout} unavailable, 401/403 the
 * credentials refused, and the key never appears in a message. The semantic cache takes any failure as a skip of
 * that request. The client follows its provider's config: a changed entry (base_url, key, timeouts) gets a new
 * client on the next call and the old one is closed, as {@code ProviderRegistry} does for chat clients.
 * Thread-safe.
 */
public final class OpenAiEmbedder implements Embedder {
    /** A built client and the config it was built from. */
    private record Client(ProviderConfig config, UpstreamHttp http) {
    }

    private final Supplier<ProviderConfig> config;
    private final String provider;
    private final String model;
    private final String id;
    private final AtomicReference<Client> client = new AtomicReference<>();
    private final AtomicInteger dimensions = new AtomicInteger();
    private volatile boolean closed;

    /** An embedder over one fixed provider config. */
    public OpenAiEmbedder(ProviderConfig config, String model) {
        this(supply(config), config.name(), model);
    }

    /**
     * @param config   the provider's current config (null once the provider is gone: calls then fail)
     * @param provider the provider's name, for the id and messages
     * @param model    the endpoint's embedding model id (Azure: the deployment's name)
     */
    public OpenAiEmbedder(Supplier<ProviderConfig> config, String provider, String model) {
        this.config = Objects.requireNonNull(config, "config");
        this.provider = Objects.requireNonNull(provider, "provider");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: the endpoint's embedding model id is required");
        }
        this.model = model;
        this.id = "openai:" + provider + "/" + model;
    }

    private static Supplier<ProviderConfig> supply(ProviderConfig c) {
        Objects.requireNonNull(c, "config");
        return () -> c;
    }

    @Override
    public String id() {
        return id;
    }

    /** 0 until the endpoint has answered once. */
    @Override
    public int dimensions() {
        return dimensions.get();
    }

    @Override
    public boolean remote() {
        return true;
    }

    /**
     * @throws IllegalStateException once closed, or when the provider is no longer configured as kind openai
     * @throws dev.switchboard.engine.error.EngineException as the provider's calls fail (rate limited, upstream
     *                                                      error, unavailable, credentials refused)
     */
    @Override
    public float[] embed(String text) {
        Client c = client();
        c.http().checkKey();
        ObjectNode body = OpenAiWire.JSON.createObjectNode().put("model", model);
        body.putArray("input").add(text);
        JsonNode answer = c.http().postForJson(uri(c.config()), OpenAiWire.auth(c.config()), OpenAiWire.bytes(body),
                model);
        return vector(c.config(), answer);
    }

    URI uri(ProviderConfig pc) {
        if (pc.azure()) {
            return URI.create(pc.baseUrl() + "/openai/deployments/" + OpenAiWire.encode(model)
                    + "/embeddings?api-version=" + OpenAiWire.encode(pc.apiVersion()));
        }
        return URI.create(pc.baseUrl() + "/embeddings");
    }

    /** The client for the provider's current config; a changed config replaces it. */
    private Client client() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("embedder " + id + " is closed");
            }
            ProviderConfig pc = config.get();
            if (pc == null || pc.kind() != ProviderKind.OPENAI) {
                throw new IllegalStateException("provider '" + provider + "' is no longer configured as kind openai; "
                        + "semantic.provider must name one that is");
            }
            Client c = client.get();
            if (c != null && c.config().equals(pc)) {
                return c;
            }
            Client fresh = new Client(pc, new UpstreamHttp(pc));
            if (client.compareAndSet(c, fresh)) {
                if (c != null) {
                    // Calls in flight on the old client finish; it only stops taking new ones.
                    c.http().close();
                }
                if (closed && client.compareAndSet(fresh, null)) {
                    fresh.http().close();
                    continue;
                }
                return fresh;
            }
            fresh.http().close();
        }
    }

    private float[] vector(ProviderConfig pc, JsonNode j) {
        JsonNode data = j.path("data");
        JsonNode error = j.path("error");
        if (!data.isArray() && (error.isObject() || error.isTextual())) {
            // A proxy that reports its error with status 200.
            throw UpstreamErrors.forErrorObject(pc, model, error.isObject() ? error
                    : OpenAiWire.JSON.createObjectNode().put("message", error.asText()), Instant.now());
        }
        JsonNode e = data.path(0).path("embedding");
        if (e.isTextual()) {
            throw malformed("the embedding came base64-encoded; only float arrays are read (ask for no "
                    + "encoding_format, or \"float\")");
        }
        if (!e.isArray() || e.isEmpty()) {
            throw malformed("the answer has no data[0].embedding array of numbers");
        }
        float[] v = new float[e.size()];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            JsonNode x = e.get(i);
            if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                throw malformed("data[0].embedding[" + i + "] is not a finite number");
            }
            v[i] = (float) x.asDouble();
            sum += (double) v[i] * v[i];
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw malformed("the embedding has no length to normalize (all zeros, or too large)");
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        dimensions.compareAndSet(0, v.length);
        int known = dimensions.get();
        if (known != v.length) {
            throw malformed("the embedding has " + v.length + " dimensions where earlier ones had " + known
                    + "; the endpoint's model changed under its name: name the new one in semantic.model");
        }
        return v;
    }

    private UpstreamErrorException malformed(String why) {
        return new UpstreamErrorException(model, 200, why);
    }

    /** Later calls fail; calls in flight finish. Closing twice is harmless. */
    @Override
    public void close() {
        closed = true;
        Client c = client.getAndSet(null);
        if (c != null) {
            c.http().close();
        }
    }

    @Override
    public String toString() {
        return "OpenAiEmbedder[" + id + "]";
    }
}
