package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.Choice;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON bytes for an entry in Redis: readable with redis-cli, tolerant of fields added later. */
final class AnswerCodec {
    private static final ObjectMapper JSON = dev.switchboard.engine.request.Json.mapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final com.fasterxml.jackson.core.type.TypeReference<List<Choice>> CHOICES =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private AnswerCodec() {
    }

    static byte[] encode(CachedAnswer a) {
        try {
            return JSON.writeValueAsBytes(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CachedAnswer decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, CachedAnswer.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable cache entry: " + e.getMessage(), e);
        }
    }

    /** The choices of an answer that is more than plain text, as JSON for L3's {@code detail} column; null if none. */
    static String encodeChoices(List<Choice> choices) {
        if (choices == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(choices);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Choice> decodeChoices(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(json, CHOICES);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable cache entry detail: " + e.getMessage(), e);
        }
    }
}
