package dev.switchboard.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.ToolCall;
import dev.switchboard.gateway.wire.WireException;
import dev.switchboard.gateway.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Single quotes for readability: the bodies below are JSON with ' for ". */
    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    /** The tree as a client would read it back (a long written as 7 reads back as an int node, as in expected). */
    private static JsonNode wire(JsonNode written) {
        try {
            return JSON.readTree(written.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChatRequest parse(String body) {
        return OpenAiWire.toRequest(json(body)).build();
    }

    private static ChatResult result(List<Choice> choices, int in, int out) {
        return new ChatResult(choices.get(0).text(), ServedBy.PROVIDER, "gpt-4o", 0, in, out, 0, 0, null, 0, 0,
                List.of(), choices);
    }

    // ---------------------------------------------------------------------------------------- documented bodies

    @Test
    void theReferencesDefaultExampleKeepsTheDeveloperMessageAsAMessage() {
        ChatRequest r = parse("{'model':'gpt-4.1','messages':[{'role':'developer','content':'You are a helpful "
                + "assistant.'},{'role':'user','content':'Hello!'}]}");
        assertThat(r.model()).isEqualTo("gpt-4.1");
        assertThat(r.system()).isNull();
        assertThat(r.messages()).containsExactly(new Message("developer", "You are a helpful assistant."),
                new Message("user", "Hello!"));
        assertThat(r.extra()).isNull();
        assertThat(r.temperature()).isNull();
        assertThat(r.n()).isNull();
    }

    @Test
    void theImageInputExampleKeepsThePartsAndJoinsTheirText() {
        String body = "{'model':'gpt-4.1','messages':[{'role':'user','content':[{'type':'text','text':"
                + "'What is in this image?'},{'type':'image_url','image_url':{'url':"
                + "'https://upload.wikimedia.org/boardwalk.jpg'}}]}],'max_tokens':300}";
        ChatRequest r = parse(body);
        Message m = r.messages().get(0);
        assertThat(m.content()).isEqualTo("What is in this image?");
        assertThat(m.parts()).isEqualTo(json(body).get("messages").get(0).get("content"));
        assertThat(r.maxTokens()).isEqualTo(300);
        assertThat(r.extra()).isNull();
    }

    @Test
    void theFunctionCallingExampleKeepsToolsAndToolChoiceAsSent() {
        String body = "{'model':'gpt-4.1','messages':[{'role':'user','content':'What is the weather like in Boston "
                + "today?'}],'tools':[{'type':'function','function':{'name':'get_current_weather','description':"
                + "'Get the current weather in a given location','parameters':{'type':'object','properties':"
                + "{'location':{'type':'string','description':'The city and state, e.g. San Francisco, CA'},"
                + "'unit':{'type':'string','enum':['celsius','fahrenheit']}},'required':['location']}}}],"
                + "'tool_choice':'auto'}";
        ChatRequest r = parse(body);
        assertThat(r.tools()).isEqualTo(json(body).get("tools"));
        assertThat(r.toolChoice()).isEqualTo(json("'auto'"));
    }

    @Test
    void aToolConversationKeepsCallIdsArgumentsAndTheAnsweringToolMessage() {
        ChatRequest r = parse("{'model':'gpt-4o','messages':[{'role':'user','content':'Weather in Paris?'},"
                + "{'role':'assistant','content':null,'refusal':null,'tool_calls':[{'id':'call_abc123','type':"
                + "'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}}]},"
                + "{'role':'tool','tool_call_id':'call_abc123','content':'18C, sunny'}]}");
        assertThat(r.messages().get(1)).isEqualTo(new Message("assistant", "", null, null,
                List.of(new ToolCall("call_abc123", "get_weather", "{\"city\":\"Paris\"}")), null));
        assertThat(r.messages().get(2)).isEqualTo(new Message("tool", "18C, sunny", null, "call_abc123", List.of(),
                null));
    }

    @Test
    void everySamplingFieldIsRead() {
        ChatRequest r = parse("{'model':'gpt-4o','messages':[{'role':'system','content':'Be brief.','name':'ops'},"
                + "{'role':'user','content':'Hi'}],'temperature':0.2,'top_p':0.9,'max_tokens':64,'stop':'END',"
                + "'seed':42,'n':3,'response_format':{'type':'json_schema','json_schema':{'name':'x','schema':{}}},"
                + "'tool_choice':{'type':'function','function':{'name':'f'}},'user':'end-user-7'}");
        assertThat(r.messages().get(0).name()).isEqualTo("ops");
        assertThat(r.temperature()).isEqualTo(0.2);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.maxTokens()).isEqualTo(64);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.seed()).isEqualTo(42L);
        assertThat(r.n()).isEqualTo(3);
        assertThat(r.responseFormat().get("json_schema").get("name").asText()).isEqualTo("x");
        assertThat(r.toolChoice()).isEqualTo(json("{'type':'function','function':{'name':'f'}}"));
        assertThat(r.extra()).as("user is the gateway's to decide, not part of the request").isNull();
        assertThat(OpenAiWire.endUser(json("{'user':'end-user-7'}"))).isEqualTo("end-user-7");
    }

    @Test
    void unmodeledFieldsPassThroughUntouchedAndStreamFieldsDoNot() {
        JsonNode body = json("{'model':'gpt-4o','messages':[{'role':'user','content':'Hi'}],'stream':true,"
                + "'stream_options':{'include_usage':true},'frequency_penalty':0.5,'logit_bias':{'50256':-100},"
                + "'logprobs':true,'top_logprobs':2,'parallel_tool_calls':false,'x_vendor':{'a':[1,null]},"
                + "'metadata':null}");
        ChatRequest r = OpenAiWire.toRequest(body).build();
        assertThat(r.extra()).isEqualTo(json("{'frequency_penalty':0.5,'logit_bias':{'50256':-100},'logprobs':true,"
                + "'top_logprobs':2,'parallel_tool_calls':false,'x_vendor':{'a':[1,null]},'metadata':null}"));
        assertThat(OpenAiWire.wantsStream(body)).isTrue();
        assertThat(OpenAiWire.includeUsage(body)).isTrue();
        assertThat(OpenAiWire.wantsStream(json("{'model':'m'}"))).isFalse();
        assertThat(OpenAiWire.includeUsage(json("{'stream':true}"))).isFalse();
    }

    @Test
    void maxCompletionTokensSetsTheLimitAndKeepsItsName() {
        ChatRequest r = parse("{'model':'o3','messages':[{'role':'user','content':'Hi'}],'max_completion_tokens':500}");
        assertThat(r.maxTokens()).isEqualTo(500);
        assertThat(r.extra()).isEqualTo(json("{'max_completion_tokens':500}"));
    }

    // ---------------------------------------------------------------------------------------------- bad bodies

    private record Bad(String body, String field, String message) {
    }

    private static final String USER = "{'role':'user','content':'Hi'}";

    private static String withMessages(String messages) {
        return "{'model':'gpt-4o','messages':[" + messages + "]}";
    }

    private static String with(String fields) {
        return "{'model':'gpt-4o','messages':[" + USER + "]," + fields + "}";
    }

    @Test
    void badBodiesNameTheExactField() {
        List<Bad> cases = List.of(
                new Bad("{'messages':[" + USER + "]}", "model", "model: is required"),
                new Bad("{'model':5,'messages':[" + USER + "]}", "model", "model: must be a string, got an integer"),
                new Bad("{'model':' ','messages':[" + USER + "]}", "model", "model: must not be empty"),
                new Bad("{'model':'gpt-4o'}", "messages", "messages: is required"),
                new Bad("{'model':'gpt-4o','messages':{}}", "messages", "messages: must be an array, got an object"),
                new Bad(withMessages(""), "messages", "messages: must contain at least one message"),
                new Bad(withMessages(USER + ",'hi'"), "messages[1]", "messages[1]: must be an object, got a string"),
                new Bad(withMessages(USER + ",{'role':'bot','content':'x'}"), "messages[1].role",
                        "messages[1].role: must be one of system, developer, user, assistant, tool, got 'bot'"),
                new Bad(withMessages("{'content':'x'}"), "messages[0].role", "messages[0].role: is required"),
                new Bad(withMessages("{'role':'user'}"), "messages[0].content", "messages[0].content: is required"),
                new Bad(withMessages("{'role':'user','content':5}"), "messages[0].content",
                        "messages[0].content: must be a string or an array of content parts, got an integer"),
                new Bad(withMessages("{'role':'user','content':[]}"), "messages[0].content",
                        "messages[0].content: must contain at least one content part"),
                new Bad(withMessages("{'role':'user','content':[{'type':'text','text':'a'},{'type':'video'}]}"),
                        "messages[0].content[1].type", "messages[0].content[1].type: must be one of text, "
                        + "image_url, input_audio, file, got 'video'"),
                new Bad(withMessages("{'role':'system','content':[{'type':'image_url','image_url':{'url':'u'}}]}"),
                        "messages[0].content[0].type", "messages[0].content[0].type: must be one of text, got "
                        + "'image_url'"),
                new Bad(withMessages("{'role':'user','content':[{'type':'text'}]}"), "messages[0].content[0].text",
                        "messages[0].content[0].text: is required"),
                new Bad(withMessages("{'role':'user','content':[{'type':'image_url','image_url':{}}]}"),
                        "messages[0].content[0].image_url.url", "messages[0].content[0].image_url.url: is required"),
                new Bad(withMessages("{'role':'user','content':'x','foo':1}"), "messages[0].foo",
                        "messages[0].foo: is not a field of a user message"),
                new Bad(withMessages("{'role':'user','content':'x','tool_call_id':'c'}"), "messages[0].tool_call_id",
                        "messages[0].tool_call_id: is not a field of a user message"),
                new Bad(withMessages(USER + ",{'role':'tool','content':'18C'}"), "messages[1].tool_call_id",
                        "messages[1].tool_call_id: is required"),
                new Bad(withMessages("{'role':'assistant'}"), "messages[0].content",
                        "messages[0].content: is required unless tool_calls is set"),
                new Bad(withMessages("{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':"
                        + "{'name':'f'}}]}"), "messages[0].tool_calls[0].function.arguments",
                        "messages[0].tool_calls[0].function.arguments: is required"),
                new Bad(withMessages("{'role':'assistant','tool_calls':[{'id':'c','type':'custom','function':"
                        + "{'name':'f','arguments':''}}]}"), "messages[0].tool_calls[0].type",
                        "messages[0].tool_calls[0].type: must be one of function, got 'custom'"),
                new Bad(withMessages("{'role':'assistant','content':'x','function_call':{'name':'f'}}"),
                        "messages[0].function_call",
                        "messages[0].function_call: is deprecated and not supported; use tool_calls"),
                new Bad(with("'temperature':2.5"), "temperature", "temperature: must be between 0 and 2, got 2.5"),
                new Bad(with("'temperature':'hot'"), "temperature", "temperature: must be a number, got a string"),
                new Bad(with("'top_p':1.5"), "top_p", "top_p: must be between 0 and 1, got 1.5"),
                new Bad(with("'max_tokens':0"), "max_tokens", "max_tokens: must be at least 1, got 0"),
                new Bad(with("'max_tokens':1.5"), "max_tokens", "max_tokens: must be an integer, got a number"),
                new Bad(with("'max_tokens':3000000000"), "max_tokens",
                        "max_tokens: must be at most 2147483647, got 3000000000"),
                new Bad(with("'max_completion_tokens':-1"), "max_completion_tokens",
                        "max_completion_tokens: must be at least 1, got -1"),
                new Bad(with("'max_tokens':10,'max_completion_tokens':10"), "max_tokens",
                        "max_tokens: cannot be set together with max_completion_tokens; send only "
                        + "max_completion_tokens"),
                new Bad(with("'stop':['a','b','c','d','e']"), "stop", "stop: must have at most 4 sequences, got 5"),
                new Bad(with("'stop':[1]"), "stop[0]", "stop[0]: must be a string, got an integer"),
                new Bad(with("'stop':7"), "stop", "stop: must be a string or an array of strings, got an integer"),
                new Bad(with("'n':0"), "n", "n: must be between 1 and 128, got 0"),
                new Bad(with("'n':129"), "n", "n: must be between 1 and 128, got 129"),
                new Bad(with("'seed':'x'"), "seed", "seed: must be an integer, got a string"),
                new Bad(with("'tools':{}"), "tools", "tools: must be an array, got an object"),
                new Bad(with("'tools':[{'type':'custom','custom':{'name':'x'}}]"), "tools[0].type",
                        "tools[0].type: must be function, got 'custom' (only function tools are supported by this "
                        + "gateway)"),
                new Bad(with("'tools':[{'type':'function','function':{'name':'get weather'}}]"),
                        "tools[0].function.name", "tools[0].function.name: must be 1 to 64 letters, digits, "
                        + "underscores or dashes, got 'get weather'"),
                new Bad(with("'tools':[{'type':'function','function':{'name':'f','parameters':[]}}]"),
                        "tools[0].function.parameters", "tools[0].function.parameters: must be an object, got an "
                        + "array"),
                new Bad(with("'tool_choice':'sometimes'"), "tool_choice",
                        "tool_choice: must be one of none, auto, required, got 'sometimes'"),
                new Bad(with("'tool_choice':{'type':'function'}"), "tool_choice.function",
                        "tool_choice.function: is required"),
                new Bad(with("'response_format':{'type':'xml'}"), "response_format.type",
                        "response_format.type: must be one of text, json_object, json_schema, got 'xml'"),
                new Bad(with("'response_format':{'type':'json_schema'}"), "response_format.json_schema",
                        "response_format.json_schema: is required"),
                new Bad(with("'user':42"), "user", "user: must be a string, got an integer"),
                new Bad(with("'stream':'yes'"), "stream", "stream: must be a boolean, got a string"),
                new Bad(with("'stream_options':{'include_usage':true}"), "stream_options",
                        "stream_options: is only allowed when stream is true"),
                new Bad(with("'stream':true,'stream_options':{'include_usage':1}"), "stream_options.include_usage",
                        "stream_options.include_usage: must be a boolean, got an integer"),
                new Bad("['not','an','object']", null, "the request body must be a JSON object, got an array"));
        List<String> failures = new ArrayList<>();
        for (Bad c : cases) {
            try {
                OpenAiWire.toRequest(json(c.body()));
                failures.add(c.body() + " was accepted");
            } catch (WireException e) {
                if (!e.getMessage().equals(c.message()) || !java.util.Objects.equals(e.field(), c.field())
                        || e.status() != 400) {
                    failures.add(c.body() + " -> [" + e.field() + "] " + e.getMessage() + " (" + e.status() + ")");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsRejectedAsAWhole() {
        WireException e = catchThrowableOfType(WireException.class,
                () -> WireJson.parseObject("{\"model\": ".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).startsWith("the request body is not valid JSON: ");
        assertThatThrownBy(() -> WireJson.parseObject(new byte[0])).isInstanceOf(WireException.class)
                .hasMessage("the request body is empty; expected a JSON object");
    }

    // ----------------------------------------------------------------------------------------------- responses

    @Test
    void aTextAnswerIsTheDocumentedChatCompletionObject() {
        ChatResult r = result(List.of(Choice.text("Hello there, how may I assist you today?")), 9, 12);
        assertThat(wire(OpenAiWire.toResponse(r, "chatcmpl-123", 1677652288L, "gpt-4o-mini"))).isEqualTo(json(
                "{'id':'chatcmpl-123','object':'chat.completion','created':1677652288,'model':'gpt-4o-mini',"
                + "'choices':[{'index':0,'message':{'role':'assistant','content':'Hello there, how may I assist you "
                + "today?','refusal':null,'annotations':[]},'logprobs':null,'finish_reason':'stop'}],"
                + "'usage':{'prompt_tokens':9,'completion_tokens':12,'total_tokens':21}}"));
    }

    @Test
    void aToolCallAnswerHasNullContentAndTheCalls() {
        ChatResult r = result(List.of(new Choice(0, "", List.of(new ToolCall("call_abc123", "get_current_weather",
                "{\"location\":\"Boston, MA\"}")), Choice.TOOL_CALLS)), 82, 17);
        JsonNode message = wire(OpenAiWire.toResponse(r, "chatcmpl-abc", 1699896916L, "gpt-4o")).get("choices").get(0);
        assertThat(message).isEqualTo(json("{'index':0,'message':{'role':'assistant','content':null,'refusal':null,"
                + "'tool_calls':[{'id':'call_abc123','type':'function','function':{'name':'get_current_weather',"
                + "'arguments':'{\\'location\\':\\'Boston, MA\\'}'}}],'annotations':[]},'logprobs':null,"
                + "'finish_reason':'tool_calls'}"));
    }

    @Test
    void everyChoiceIsWrittenAndACallWithoutAnIdGetsAStableOne() {
        ChatResult r = result(List.of(new Choice(0, "A", List.of(), Choice.STOP),
                new Choice(1, "B", List.of(new ToolCall(null, "f", "{}")), "end_turn")), 1, 2);
        JsonNode o = OpenAiWire.toResponse(r, "chatcmpl-1", 1, "m");
        assertThat(o.get("choices")).hasSize(2);
        assertThat(o.get("choices").get(1).get("finish_reason").asText()).as("Anthropic reasons mapped").isEqualTo("stop");
        String id = o.get("choices").get(1).get("message").get("tool_calls").get(0).get("id").asText();
        assertThat(id).matches("call_[0-9a-f]{24}");
        assertThat(OpenAiWire.toResponse(r, "chatcmpl-1", 1, "m").get("choices").get(1).get("message")
                .get("tool_calls").get(0).get("id").asText()).isEqualTo(id);
    }

    // --------------------------------------------------------------------------------------------------- stream

    private static final String HEAD = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":7,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";

    private static String chunk(String delta, String finish) {
        return "data: " + HEAD + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n";
    }

    @Test
    void aTextStreamIsTheDocumentedChunkSequence() {
        OpenAiWire.StreamEncoder s = new OpenAiWire.StreamEncoder("chatcmpl-1", 7, "gpt-4o", false);
        String out = s.start() + s.delta(StreamDelta.text(0, "Hello")) + s.delta(StreamDelta.text(0, " world"))
                + s.delta(StreamDelta.finish(0, "stop")) + s.finish(result(List.of(Choice.text("Hello world")), 3, 2));
        assertThat(out).isEqualTo(
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk("{\"content\":\"Hello\"}", "null")
                + chunk("{\"content\":\" world\"}", "null")
                + chunk("{}", "\"stop\"")
                + "data: [DONE]\n\n");
    }

    @Test
    void withIncludeUsageEveryChunkHasNullUsageAndTheLastHasTheTotals() {
        OpenAiWire.StreamEncoder s = new OpenAiWire.StreamEncoder("chatcmpl-1", 7, "gpt-4o", true);
        String out = s.start() + s.delta(new StreamDelta(0, "Hi", null, "stop"))
                + s.finish(result(List.of(Choice.text("Hi")), 3, 1));
        assertThat(out).isEqualTo(
                "data: " + HEAD + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],"
                + "\"usage\":null}\n\n"
                + "data: " + HEAD + "{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"gpt-4o\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n"
                + "data: [DONE]\n\n");
    }

    @Test
    void toolCallFragmentsNameTheCallOnceThenCarryArguments() {
        OpenAiWire.StreamEncoder s = new OpenAiWire.StreamEncoder("chatcmpl-1", 7, "gpt-4o", false);
        String out = s.start()
                + s.delta(new StreamDelta(0, null, new StreamDelta.ToolCallDelta(0, "call_1", "get_weather", ""), null))
                + s.delta(new StreamDelta(0, null, new StreamDelta.ToolCallDelta(0, null, null, "{\"city\":"), null))
                + s.delta(new StreamDelta(0, null, new StreamDelta.ToolCallDelta(0, null, null, "\"Paris\"}"), null))
                + s.delta(StreamDelta.finish(0, "tool_calls"))
                + s.finish(result(List.of(new Choice(0, "", List.of(new ToolCall("call_1", "get_weather",
                        "{\"city\":\"Paris\"}")), "tool_calls")), 5, 9));
        assertThat(out).isEqualTo(
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", "null")
                + chunk("{}", "\"tool_calls\"")
                + "data: [DONE]\n\n");
    }

    @Test
    void aReplayedAnswerWithTextAndTwoCallsStreamsInOrder() {
        Choice c = new Choice(0, "Checking both.", List.of(new ToolCall("call_a", "f", "{\"x\":1}"),
                new ToolCall("call_b", "g", "{}")), "tool_calls");
        OpenAiWire.StreamEncoder s = new OpenAiWire.StreamEncoder("chatcmpl-1", 7, "gpt-4o", false);
        StringBuilder out = new StringBuilder(s.start());
        StreamDelta.replay(List.of(c)).forEach(d -> out.append(s.delta(d)));
        out.append(s.finish(result(List.of(c), 1, 1)));
        assertThat(out.toString()).isEqualTo(
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk("{\"content\":\"Checking both.\"}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"g\",\"arguments\":\"{}\"}}]}", "null")
                + chunk("{}", "\"tool_calls\"")
                + "data: [DONE]\n\n");
    }

    @Test
    void finishClosesAChoiceWhoseFinishReasonWasNotStreamed() {
        OpenAiWire.StreamEncoder s = new OpenAiWire.StreamEncoder("chatcmpl-1", 7, "gpt-4o", false);
        String out = s.start() + s.delta(StreamDelta.text(0, "cut")) + s.finish(result(List.of(
                new Choice(0, "cut", List.of(), "length")), 1, 1));
        assertThat(out).endsWith(chunk("{}", "\"length\"") + "data: [DONE]\n\n");
    }

    @Test
    void anErrorFrameCarriesTheErrorObjectAndNoDone() throws Exception {
        OpenAiWire.StreamEncoder s = new OpenAiWire.StreamEncoder("chatcmpl-1", 7, "gpt-4o", false);
        s.start();
        s.delta(StreamDelta.text(0, "partial"));
        String frame = s.error("server_error", "the upstream stream was cut");
        assertThat(frame).isEqualTo("data: {\"error\":{\"message\":\"the upstream stream was cut\",\"type\":"
                + "\"server_error\",\"param\":null,\"code\":null}}\n\n");
        // What openai-java's SseHandler checks before it throws SseException: a data frame with an "error" object.
        assertThat(JSON.readTree(frame.substring("data: ".length())).get("error").isObject()).isTrue();
        assertThat(s.finish(result(List.of(Choice.text("partial")), 1, 1)) + s.delta(StreamDelta.text(0, "x")))
                .as("nothing after an error, in particular no [DONE]").isEmpty();
    }

    // -------------------------------------------------------------------------------------------- errors, models

    @Test
    void errorBodiesHaveOpenAisShapeAndTheTableTypes() {
        assertThat(OpenAiWire.error("bad", "invalid_request_error", "messages", null)).isEqualTo(json(
                "{'error':{'message':'bad','type':'invalid_request_error','param':'messages','code':null}}"));
        WireException bad = new WireException("messages[1].role", "must be one of x, got 'bot'");
        assertThat(OpenAiWire.error(bad).toString()).isEqualTo("{\"error\":{\"message\":\"messages[1].role: must be "
                + "one of x, got 'bot'\",\"type\":\"invalid_request_error\",\"param\":\"messages[1].role\",\"code\":null}}");
        String[][] table = {
                {"400", "invalid_request_error", null}, {"401", "invalid_request_error", "invalid_api_key"},
                {"403", "permission_error", null}, {"404", "invalid_request_error", null},
                {"413", "invalid_request_error", "request_too_large"}, {"429", "requests", "rate_limit_exceeded"},
                {"500", "server_error", null}, {"502", "server_error", null}, {"503", "server_error", null},
                {"504", "server_error", null}};
        for (String[] row : table) {
            JsonNode e = OpenAiWire.errorFor(Integer.parseInt(row[0]), "m").get("error");
            assertThat(e.get("type").asText()).as(row[0]).isEqualTo(row[1]);
            assertThat(e.get("code").isNull() ? null : e.get("code").asText()).as(row[0]).isEqualTo(row[2]);
        }
        assertThat(OpenAiWire.error(WireException.tooLarge("body over 1 MiB")).get("error").get("code").asText())
                .isEqualTo("request_too_large");
        assertThat(OpenAiWire.modelNotFound("gpt-9")).isEqualTo(json("{'error':{'message':'The model `gpt-9` does "
                + "not exist or you do not have access to it.','type':'invalid_request_error','param':'model',"
                + "'code':'model_not_found'}}"));
        assertThat(OpenAiWire.quotaExceeded("budget spent").get("error").get("type").asText())
                .isEqualTo("insufficient_quota");
    }

    @Test
    void theModelListIsOpenAisListObject() {
        assertThat(wire(OpenAiWire.models(List.of("gpt-4o", "claude-sonnet"), 1686935002L))).isEqualTo(json(
                "{'object':'list','data':[{'id':'gpt-4o','object':'model','created':1686935002,'owned_by':"
                + "'switchboard'},{'id':'claude-sonnet','object':'model','created':1686935002,'owned_by':"
                + "'switchboard'}]}"));
    }
}
