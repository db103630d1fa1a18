package dev.switchboard.engine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChatRequest.Builder base() throws Exception {
        return ChatRequest.builder().namespace("default").model("gpt-4o").system("Be brief.")
                .messages(List.of(Message.user("What is Redis?"), new Message("assistant", "A store."),
                        Message.user("And Postgres?")))
                .temperature(0.2).maxTokens(256).topP(0.9).stop(List.of("\n\n"))
                .tools(JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"a\":1,\"b\":2}}}]"))
                .responseFormat(JSON.readTree("{\"type\":\"json_object\"}"));
    }

    private static String key(ChatRequest.Builder b, String version) {
        return CacheKeys.of(b.build(), version).value();
    }

    @Test
    void everyFieldThatChangesTheAnswerChangesTheKey() throws Exception {
        String k = key(base(), "v1");
        List<UnaryOperator<ChatRequest.Builder>> changes = List.of(
                b -> b.namespace("other"),
                b -> b.model("gpt-4o-mini"),
                b -> b.system("Be verbose."),
                b -> b.system(null),
                b -> b.messages(List.of(Message.user("What is Redis?"))),
                b -> b.messages(List.of(Message.user("What is Redis?"), new Message("assistant", "A store."),
                        Message.user("And MySQL?"))),
                b -> b.messages(List.of(Message.user("What is Redis?"), new Message("user", "A store."),
                        Message.user("And Postgres?"))),
                b -> b.temperature(0.3),
                b -> b.temperature(null),
                b -> b.maxTokens(257),
                b -> b.topP(1.0),
                b -> b.stop(List.of("END")),
                b -> b.tools(null),
                b -> b.responseFormat(null));
        for (int i = 0; i < changes.size(); i++) {
            assertThat(key(changes.get(i).apply(base()), "v1")).as("change #%d", i).isNotEqualTo(k);
        }
        assertThat(key(base(), "v2")).as("model version").isNotEqualTo(k);
    }

    @Test
    void fieldOrderInsideJsonDoesNotChangeTheKey() throws Exception {
        String k = key(base(), "v1");
        ChatRequest.Builder reordered = base()
                .tools(JSON.readTree("[{\"function\":{\"parameters\":{\"b\":2,\"a\":1},\"name\":\"f\"},\"type\":\"function\"}]"));
        assertThat(key(reordered, "v1")).isEqualTo(k);
    }

    @Test
    void equalRequestsGiveEqualKeysAndUserIsNotPartOfIt() throws Exception {
        assertThat(key(base().user("a").plan("free"), "v1")).isEqualTo(key(base().user("b").plan("pro"), "v1"));
        assertThat(key(base().temperature(0.7), "v1")).isEqualTo(key(base().temperature(0.70), "v1"));
    }

    @Test
    void contentCannotForgeAFieldBoundary() {
        ChatRequest a = ChatRequest.builder().model("m").system("ab").prompt("c").build();
        ChatRequest b = ChatRequest.builder().model("m").system("a").prompt("bc").build();
        assertThat(CacheKeys.of(a, "v").value()).isNotEqualTo(CacheKeys.of(b, "v").value());
    }

    @Test
    void keyStartsWithModelVersionAndParsesBack() throws Exception {
        CacheKey k = CacheKeys.of(base().build(), "2024-08-06");
        assertThat(k.value()).startsWith("gpt-4o@2024-08-06/default/").hasSize("gpt-4o@2024-08-06/default/".length() + 64);
        assertThat(CacheKey.parse(k.value())).isEqualTo(k);
        assertThatThrownBy(() -> CacheKey.parse("nonsense")).hasMessageContaining("not a cache key");
    }

    private static String partition(ChatRequest.Builder b) {
        return CacheKeys.partition(b.build(), "v1");
    }

    @Test
    void aPartitionIsTheKeyWithoutTheLastWording() throws Exception {
        String p = partition(base());
        assertThat(partition(base().messages(List.of(Message.user("What is Redis?"), new Message("assistant", "A store."),
                Message.user("What about PostgreSQL?"))))).as("only the last wording differs").isEqualTo(p);
        List<UnaryOperator<ChatRequest.Builder>> changes = List.of(
                b -> b.namespace("other"),
                b -> b.system("Be verbose."),
                b -> b.temperature(0.3),
                b -> b.maxTokens(257),
                b -> b.messages(List.of(Message.user("What is Memcached?"), new Message("assistant", "A store."),
                        Message.user("And Postgres?"))),
                b -> b.messages(List.of(Message.user("And Postgres?"))));
        for (int i = 0; i < changes.size(); i++) {
            assertThat(partition(changes.get(i).apply(base()))).as("change #%d", i).isNotEqualTo(p);
        }
        assertThat(CacheKeys.partition(base().build(), "v2")).as("model version").isNotEqualTo(p);
        assertThat(p).startsWith(CacheKey.versionPrefix("gpt-4o", "v1") + "default/")
                .isNotEqualTo(key(base(), "v1"));
    }
}
