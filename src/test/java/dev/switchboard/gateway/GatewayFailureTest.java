package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.error.BudgetExceededException;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.StreamCutException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamRejectedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.gateway.keys.KeyStoreUnavailableException;
import dev.switchboard.gateway.wire.WireException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The error table: every failure's status, type and code in both formats, and its Retry-After. */
class GatewayFailureTest {
    static Stream<Arguments> table() {
        return Stream.of(
                // failure, OpenAI status, OpenAI type, OpenAI code, Anthropic status, Anthropic type, Retry-After
                Arguments.of(new WireException("messages[0].role", "must be one of ..."), 400,
                        "invalid_request_error", null, 400, "invalid_request_error", null),
                Arguments.of(new InvalidRequestException("temperature", "must be between 0 and 2"), 400,
                        "invalid_request_error", null, 400, "invalid_request_error", null),
                Arguments.of(new InvalidRequestException("model", "unknown model 'x'; configured: [a]"), 404,
                        "invalid_request_error", "model_not_found", 404, "not_found_error", null),
                Arguments.of(new UpstreamRejectedException("gpt-4o", 422, "bad logit_bias"), 400,
                        "invalid_request_error", "upstream_rejected", 400, "invalid_request_error", null),
                Arguments.of(new RateLimitedException(RateLimitedException.Reason.PLAN_MINUTE,
                                Duration.ofMillis(1200), "plan free"), 429, "requests", "rate_limit_exceeded", 429,
                        "rate_limit_error", "2"),
                Arguments.of(new RateLimitedException(RateLimitedException.Reason.UPSTREAM_429,
                                Duration.ofMillis(1), "every model said 429"), 429, "requests",
                        "rate_limit_exceeded", 429, "rate_limit_error", "1"),
                Arguments.of(new UpstreamRateLimitedException("gpt-4o", Duration.ofSeconds(3)), 429, "requests",
                        "rate_limit_exceeded", 429, "rate_limit_error", "3"),
                Arguments.of(new BudgetExceededException("daily budget", "daily budget: $12 spent of $10 (120%)",
                                120, Duration.ofMinutes(90)), 429, "insufficient_quota", "insufficient_quota", 429,
                        "rate_limit_error", "5400"),
                Arguments.of(new ProviderAuthException("openai", 401, "Incorrect API key provided: sk-...abcd"), 502,
                        "server_error", "provider_auth", 502, "api_error", null),
                Arguments.of(new StreamCutException("gpt-4o", "connection reset"), 502, "server_error",
                        "stream_cut", 502, "api_error", null),
                Arguments.of(new UpstreamUnavailableException("gpt-4o", "connection refused"), 503, "server_error",
                        "upstream_unavailable", 529, "overloaded_error", null),
                Arguments.of(new UpstreamErrorException("gpt-4o", 500, "oops"), 503, "server_error",
                        "upstream_error", 529, "overloaded_error", null),
                Arguments.of(new TimedOutException("request for gpt-4o", Duration.ofSeconds(30)), 504,
                        "server_error", "timed_out", 504, "timeout_error", null),
                Arguments.of(new KeyStoreUnavailableException("db down"), 503, "server_error", "keys_unavailable",
                        503, "overloaded_error", "1"),
                Arguments.of(new Refusal(Failure.Kind.UNAUTHENTICATED, "no key"), 401, "invalid_request_error",
                        "invalid_api_key", 401, "authentication_error", null),
                Arguments.of(new Refusal(Failure.Kind.FORBIDDEN, "not this model"), 403, "permission_error",
                        "model_not_allowed", 403, "permission_error", null),
                Arguments.of(new Refusal(Failure.Kind.TOO_LARGE, "too big"), 413, "invalid_request_error",
                        "request_too_large", 413, "request_too_large", null),
                Arguments.of(new Refusal(Failure.Kind.NOT_FOUND, "no such path"), 404, "invalid_request_error",
                        "unknown_url", 404, "not_found_error", null),
                Arguments.of(new Refusal(Failure.Kind.METHOD_NOT_ALLOWED, "use POST"), 405, "invalid_request_error",
                        "method_not_allowed", 405, "invalid_request_error", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachFailureHasItsStatusTypeAndCodeInBothFormats(RuntimeException e, int openAiStatus, String openAiType,
                                                         String openAiCode, int anthropicStatus,
                                                         String anthropicType, String retryAfter) {
        Failure f = Failure.of(e, false);
        assertThat(f.status(WireFormat.OPENAI)).isEqualTo(openAiStatus);
        JsonNode o = WireFormat.OPENAI.error(f);
        assertThat(o.at("/error/type").asText()).isEqualTo(openAiType);
        assertThat(o.at("/error/code").isNull() ? null : o.at("/error/code").asText()).isEqualTo(openAiCode);
        assertThat(o.at("/error/message").asText()).isEqualTo(f.message()).isNotBlank();
        assertThat(f.status(WireFormat.ANTHROPIC)).isEqualTo(anthropicStatus);
        JsonNode a = WireFormat.ANTHROPIC.error(f);
        assertThat(a.get("type").asText()).isEqualTo("error");
        assertThat(a.at("/error/type").asText()).isEqualTo(anthropicType);
        assertThat(f.retryAfterSeconds()).isEqualTo(retryAfter);
    }

    @Test
    void theFieldAtFaultIsOpenAisParam() {
        assertThat(WireFormat.OPENAI.error(Failure.of(new WireException("messages[2].content", "is required"),
                false)).at("/error/param").asText()).isEqualTo("messages[2].content");
        assertThat(WireFormat.OPENAI.error(Failure.of(new InvalidRequestException("namespace", "bad"), false))
                .at("/error/param").asText()).isEqualTo("namespace");
    }

    @Test
    void refusedProviderCredentialsNeverQuoteTheUpstreamsReply() {
        Failure f = Failure.of(new ProviderAuthException("openai", 401, "Incorrect API key provided: sk-...abcd"),
                false);
        assertThat(f.message()).contains("provider 'openai'").doesNotContain("sk-");
    }

    @Test
    void aClosedEngineIsShuttingDownAndAnythingElseUnknownIsLeftToTheCaller() {
        assertThat(Failure.of(new IllegalStateException("engine is closed"), true).status(WireFormat.OPENAI))
                .isEqualTo(503);
        assertThat(Failure.of(new IllegalStateException("a bug"), false)).isNull();
        assertThat(Failure.of(new NullPointerException(), false)).isNull();
    }

    @Test
    void chatPathsKeepTheirFormatOtherPathsFollowTheAnthropicHeader() {
        assertThat(WireFormat.of("/v1/chat/completions", "2023-06-01")).isEqualTo(WireFormat.OPENAI);
        assertThat(WireFormat.of("/v1/messages", null)).isEqualTo(WireFormat.ANTHROPIC);
        assertThat(WireFormat.of("/v1/models", "2023-06-01")).isEqualTo(WireFormat.ANTHROPIC);
        assertThat(WireFormat.of("/v1/models", null)).isEqualTo(WireFormat.OPENAI);
    }
}
