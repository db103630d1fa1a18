package dev.switchboard.engine.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.provider.Provider;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.ProviderStream;
import dev.switchboard.engine.provider.ReplayedStream;
import dev.switchboard.engine.provider.http.UpstreamHttp;
import dev.switchboard.engine.request.ChatRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client of Anthropic's {@code POST /v1/messages} ({@code base_url} up to and including {@code /v1}), with
 * {@code x-api-key} and {@code anthropic-version} (the provider's {@code api_version}, else
 * {@value ProviderConfig#DEFAULT_ANTHROPIC_VERSION}).
 */
public final class AnthropicProvider implements Provider, AutoCloseable {
    private final ProviderConfig config;
    private final UpstreamHttp http;

    public AnthropicProvider(ProviderConfig config) {
        this.config = config;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderResponse complete(ChatRequest request, ModelConfig model) {
        http.checkKey();
        byte[] body = bytes(AnthropicWire.body(request, model, false));
        return AnthropicWire.response(http.postForJson(uri(), headers(), body, model.name()), request, model);
    }

    @Override
    public ProviderStream stream(ChatRequest request, ModelConfig model) {
        http.checkKey();
        byte[] body = bytes(AnthropicWire.body(request, model, true));
        UpstreamHttp.Response r = http.post(uri(), headers(), body, true, model.name());
        if (UpstreamHttp.isJson(r)) {
            // A proxy that does not stream answered whole: played back as a stream.
            return new ReplayedStream(AnthropicWire.response(http.readJson(r, model.name()), request, model));
        }
        AnthropicStream s = new AnthropicStream(config, model, request, r);
        s.start();
        return s;
    }

    private URI uri() {
        return URI.create(config.baseUrl() + "/messages");
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("anthropic-version", config.apiVersion() == null ? ProviderConfig.DEFAULT_ANTHROPIC_VERSION
                : config.apiVersion());
        if (config.apiKey().present()) {
            h.put("x-api-key", config.apiKey().reveal());
        }
        return h;
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return AnthropicWire.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    @Override
    public long upstreamViolations() {
        return http.upstreamViolations();
    }

    @Override
    public long calls() {
        return http.calls();
    }

    /** Does not wait for calls in flight; they finish on their own. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "AnthropicProvider[" + config.name() + " at " + config.baseUrl() + "]";
    }
}
