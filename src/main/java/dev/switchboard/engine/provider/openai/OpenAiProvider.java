package dev.switchboard.engine.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.provider.Provider;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.ProviderStream;
import dev.switchboard.engine.provider.ReplayedStream;
import dev.switchboard.engine.provider.http.UpstreamErrors;
import dev.switchboard.engine.provider.http.UpstreamHttp;
import dev.switchboard.engine.request.ChatRequest;
import java.net.URI;
import java.util.Map;

/**
 * A client of OpenAI's {@code POST /chat/completions}: OpenAI itself ({@code Authorization: Bearer}), any
 * compatible server (vLLM, Ollama, OpenRouter, Groq; no header without a key), and Azure OpenAI when the provider has
 * an {@code api_version}: {@code POST /openai/deployments/{upstream_model}/chat/completions?api-version=V} with an
 * {@code api-key} header.
 */
public final class OpenAiProvider implements Provider, AutoCloseable {
    private final ProviderConfig config;
    private final UpstreamHttp http;

    public OpenAiProvider(ProviderConfig config) {
        this.config = config;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderResponse complete(ChatRequest request, ModelConfig model) {
        http.checkKey();
        JsonNode j = http.postForJson(uri(model), auth(), bytes(OpenAiWire.body(request, model, false)),
                model.name());
        return read(j, request, model);
    }

    @Override
    public ProviderStream stream(ChatRequest request, ModelConfig model) {
        http.checkKey();
        UpstreamHttp.Response r = http.post(uri(model), auth(), bytes(OpenAiWire.body(request, model, true)), true,
                model.name());
        if (UpstreamHttp.isJson(r)) {
            // A server that does not stream answered whole: played back as a stream.
            return new ReplayedStream(read(http.readJson(r, model.name()), request, model));
        }
        OpenAiStream s = new OpenAiStream(config, model, request, r);
        s.start();
        return s;
    }

    private ProviderResponse read(JsonNode j, ChatRequest request, ModelConfig model) {
        if (!j.has("choices") && (j.path("error").isObject() || j.path("error").isTextual())) {
            // A proxy that reports its error with status 200.
            throw UpstreamErrors.forErrorObject(config, model.name(), j.path("error").isObject() ? j.get("error")
                    : OpenAiWire.JSON.createObjectNode().put("message", j.get("error").asText()),
                    java.time.Instant.now());
        }
        return OpenAiWire.response(j, request, model);
    }

    URI uri(ModelConfig model) {
        if (config.azure()) {
            return URI.create(config.baseUrl() + "/openai/deployments/" + encode(model.upstreamModel())
                    + "/chat/completions?api-version=" + encode(config.apiVersion()));
        }
        return URI.create(config.baseUrl() + "/chat/completions");
    }

    private Map<String, String> auth() {
        return OpenAiWire.auth(config);
    }

    private static byte[] bytes(JsonNode body) {
        return OpenAiWire.bytes(body);
    }

    private static String encode(String s) {
        return OpenAiWire.encode(s);
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
        return "OpenAiProvider[" + config.name() + " at " + config.baseUrl() + "]";
    }
}
