package dev.switchboard.gateway.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.request.CacheKeys;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.ToolCall;
import dev.switchboard.gateway.openai.OpenAiWire;
import dev.switchboard.gateway.wire.WireException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class AnthropicWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Single quotes for readability: the bodies below are JSON with ' for ". */
    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    /** The tree as a client reads it back (number node types normalized). */
    private static JsonNode wire(JsonNode written) {
        try {
            return JSON.readTree(written.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChatRequest parse(String body) {
        return AnthropicWire.toRequest(json(body)).build();
    }

    private static ChatResult result(Choice c, int in, int out) {
        return new ChatResult(c.text(), ServedBy.PROVIDER, "claude", 0, in, out, 0, 0, null, 0, 0, List.of(),
                List.of(c));
    }

    // ---------------------------------------------------------------------------------------- documented bodies

    @Test
    void theReferencesBasicExampleParses() {
        ChatRequest r = parse("{'model':'claude-sonnet-4-5','max_tokens':1024,'messages':[{'role':'user','content':"
                + "'Hello, world'}]}");
        assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(r.maxTokens()).isEqualTo(1024);
        assertThat(r.messages()).containsExactly(Message.user("Hello, world"));
        assertThat(r.system()).isNull();
        assertThat(r.extra()).isNull();
        assertThat(r.tools()).isNull();
    }

    @Test
    void aSystemPromptInEitherShapeBecomesTheRequestsSystem() {
        assertThat(parse("{'model':'m','max_tokens':1,'system':'Be brief.','messages':[{'role':'user','content':"
                + "'Hi'}]}").system()).isEqualTo("Be brief.");
        assertThat(parse("{'model':'m','max_tokens':1,'system':[{'type':'text','text':'Be brief.'},{'type':'text',"
                + "'text':'Be kind.','cache_control':{'type':'ephemeral'}}],'messages':[{'role':'user','content':"
                + "'Hi'}]}").system()).isEqualTo("Be brief.\nBe kind.");
    }

    @Test
    void theMultipleConversationalTurnsAndPrefillExamplesKeepTheirRoles() {
        ChatRequest r = parse("{'model':'m','max_tokens':1024,'messages':[{'role':'user','content':'Hello there.'},"
                + "{'role':'assistant','content':'Hi, I am Claude. How can I help you?'},{'role':'user','content':"
                + "'Can you explain LLMs in plain English?'},{'role':'assistant','content':[{'type':'text','text':"
                + "'The answer is ('}]}]}");
        assertThat(r.messages()).containsExactly(Message.user("Hello there."),
                new Message("assistant", "Hi, I am Claude. How can I help you?"),
                Message.user("Can you explain LLMs in plain English?"), new Message("assistant", "The answer is ("));
    }

    @Test
    void theImageExampleBecomesOpenAiShapedParts() {
        ChatRequest r = parse("{'model':'m','max_tokens':1024,'messages':[{'role':'user','content':[{'type':'image',"
                + "'source':{'type':'base64','media_type':'image/jpeg','data':'/9j/4AAQSkZJRg=='}},{'type':'image',"
                + "'source':{'type':'url','url':'https://upload.wikimedia.org/ant.jpg'}},{'type':'text','text':"
                + "'What is in these images?'}]}]}");
        Message m = r.messages().get(0);
        assertThat(m.role()).isEqualTo("user");
        assertThat(m.content()).isEqualTo("What is in these images?");
        assertThat(m.parts()).isEqualTo(json("[{'type':'image_url','image_url':{'url':'data:image/jpeg;base64,"
                + "/9j/4AAQSkZJRg=='}},{'type':'image_url','image_url':{'url':'https://upload.wikimedia.org/ant.jpg'}},"
                + "{'type':'text','text':'What is in these images?'}]"));
    }

    @Test
    void aPdfDocumentBecomesAFilePartAndATextDocumentText() {
        ChatRequest r = parse("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'document',"
                + "'title':'q3.pdf','source':{'type':'base64','media_type':'application/pdf','data':'JVBERi0x'}},"
                + "{'type':'document','source':{'type':'text','media_type':'text/plain','data':'The grass is green.'}},"
                + "{'type':'text','text':'Summarize.'}]}]}");
        Message m = r.messages().get(0);
        assertThat(m.content()).isEqualTo("The grass is green.\nSummarize.");
        assertThat(m.parts().get(0)).isEqualTo(json("{'type':'file','file':{'filename':'q3.pdf','file_data':"
                + "'data:application/pdf;base64,JVBERi0x'}}"));
    }

    @Test
    void theToolsExampleBecomesOpenAiFunctionTools() {
        ChatRequest r = parse("{'model':'m','max_tokens':1024,'tools':[{'name':'get_weather','description':'Get the "
                + "current weather in a given location','input_schema':{'type':'object','properties':{'location':"
                + "{'type':'string','description':'The city and state, e.g. San Francisco, CA'}},'required':"
                + "['location']}},{'name':'get_time','input_schema':{'type':'object'},'strict':true,'cache_control':"
                + "{'type':'ephemeral'}}],'messages':[{'role':'user','content':'What is the weather like in San "
                + "Francisco?'}]}");
        assertThat(r.tools()).isEqualTo(json("[{'type':'function','function':{'name':'get_weather','description':"
                + "'Get the current weather in a given location','parameters':{'type':'object','properties':"
                + "{'location':{'type':'string','description':'The city and state, e.g. San Francisco, CA'}},"
                + "'required':['location']}}},{'type':'function','function':{'name':'get_time','parameters':"
                + "{'type':'object'},'strict':true}}]"));
    }

    @Test
    void toolChoiceMapsOntoOpenAisValues() {
        String[][] table = {
                {"{'type':'auto'}", "'auto'"},
                {"{'type':'any'}", "'required'"},
                {"{'type':'none'}", "'none'"},
                {"{'type':'tool','name':'get_weather'}", "{'type':'function','function':{'name':'get_weather'}}"}};
        for (String[] row : table) {
            ChatRequest r = parse("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'x'}],"
                    + "'tool_choice':" + row[0] + "}");
            assertThat(r.toolChoice()).as(row[0]).isEqualTo(json(row[1]));
            assertThat(r.extra()).as(row[0]).isNull();
        }
        ChatRequest r = parse("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'x'}],"
                + "'tool_choice':{'type':'any','disable_parallel_tool_use':true}}");
        assertThat(r.extra()).isEqualTo(json("{'parallel_tool_calls':false}"));
    }

    @Test
    void samplingFieldsStopSequencesAndTheKeptExtras() {
        JsonNode body = json("{'model':'m','max_tokens':100,'messages':[{'role':'user','content':'x'}],'temperature':"
                + "0.5,'top_p':0.9,'top_k':40,'stop_sequences':['\\n\\nHuman:','END'],'thinking':{'type':'enabled',"
                + "'budget_tokens':2048},'service_tier':'auto','metadata':{'user_id':'u-13'},'stream':true}");
        ChatRequest r = AnthropicWire.toRequest(body).build();
        assertThat(r.temperature()).isEqualTo(0.5);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.stop()).containsExactly("\n\nHuman:", "END");
        assertThat(r.extra()).isEqualTo(json("{'top_k':40,'thinking':{'type':'enabled','budget_tokens':2048},"
                + "'service_tier':'auto'}"));
        assertThat(AnthropicWire.wantsStream(body)).isTrue();
        assertThat(AnthropicWire.endUser(body)).isEqualTo("u-13");
    }

    /** The tool use example of Anthropic's guide: a call, its result, and what the engine sees. */
    private static final String TOOL_CONVERSATION = "{'model':'claude-sonnet-4-5','max_tokens':1024,'messages':["
            + "{'role':'user','content':'What is the weather like in San Francisco?'},"
            + "{'role':'assistant','content':[{'type':'text','text':'I will check the weather.'},{'type':'tool_use',"
            + "'id':'toolu_01A09q90qw90lq917835lq9','name':'get_weather','input':{'location':'San Francisco, CA',"
            + "'unit':'celsius'}}]},"
            + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_01A09q90qw90lq917835lq9',"
            + "'content':'15 degrees'},{'type':'text','text':'And tomorrow?'}]}]}";

    @Test
    void toolUseAndToolResultBlocksBecomeToolCallsAndToolMessages() {
        ChatRequest r = parse(TOOL_CONVERSATION);
        assertThat(r.messages()).containsExactly(
                Message.user("What is the weather like in San Francisco?"),
                new Message("assistant", "I will check the weather.", null, null, List.of(new ToolCall(
                        "toolu_01A09q90qw90lq917835lq9", "get_weather",
                        "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}")), null),
                new Message("tool", "15 degrees", null, "toolu_01A09q90qw90lq917835lq9", List.of(), null),
                Message.user("And tomorrow?"));
    }

    @Test
    void toolResultsWithBlocksOrErrorsKeepTheirTextAndSayWhatFailed() {
        ChatRequest r = parse("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'tool_result',"
                + "'tool_use_id':'t1','content':[{'type':'text','text':'line 1'},{'type':'text','text':'line 2'}]},"
                + "{'type':'tool_result','tool_use_id':'t2','is_error':true,'content':'ConnectionError: timed out'},"
                + "{'type':'tool_result','tool_use_id':'t3'},"
                + "{'type':'tool_result','tool_use_id':'t4','content':[{'type':'image','source':{'type':'url','url':"
                + "'https://x/y.png'}}]}]}]}");
        assertThat(r.messages()).hasSize(4);
        assertThat(r.messages().get(0).content()).isEqualTo("line 1\nline 2");
        assertThat(r.messages().get(0).parts()).as("two text blocks keep their parts").hasSize(2);
        assertThat(r.messages().get(1)).isEqualTo(new Message("tool", "Error: ConnectionError: timed out", null, "t2",
                List.of(), null));
        assertThat(r.messages().get(2)).isEqualTo(new Message("tool", "", null, "t3", List.of(), null));
        assertThat(r.messages().get(3).parts()).isEqualTo(json("[{'type':'image_url','image_url':{'url':"
                + "'https://x/y.png'}}]"));
    }

    @Test
    void thinkingBlocksAreDroppedFromTheConversation() {
        ChatRequest r = parse("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'x'},{'role':"
                + "'assistant','content':[{'type':'thinking','thinking':'hmm','signature':'sig'},{'type':'text',"
                + "'text':'Done.'}]}]}");
        assertThat(r.messages().get(1)).isEqualTo(new Message("assistant", "Done."));
    }

    // ---------------------------------------------------------------------------------------------- bad bodies

    private record Bad(String body, String field, String message) {
    }

    private static String with(String fields) {
        return "{'model':'m','max_tokens':10,'messages':[{'role':'user','content':'Hi'}]," + fields + "}";
    }

    private static String withMessages(String messages) {
        return "{'model':'m','max_tokens':10,'messages':[" + messages + "]}";
    }

    @Test
    void badBodiesNameTheExactField() {
        List<Bad> cases = List.of(
                new Bad("{'model':'m','messages':[{'role':'user','content':'Hi'}]}", "max_tokens",
                        "max_tokens: is required"),
                new Bad("{'max_tokens':1,'messages':[{'role':'user','content':'Hi'}]}", "model", "model: is required"),
                new Bad("{'model':'m','max_tokens':1}", "messages", "messages: is required"),
                new Bad(withMessages(""), "messages", "messages: must contain at least one message"),
                new Bad(with("'foo':1"), "foo", "foo: Extra inputs are not permitted"),
                new Bad(with("'frequency_penalty':0.1"), "frequency_penalty",
                        "frequency_penalty: Extra inputs are not permitted"),
                new Bad(with("'mcp_servers':[]"), "mcp_servers", "mcp_servers: is not supported by this gateway"),
                new Bad(with("'max_tokens':0").replace("'max_tokens':10,", ""), "max_tokens",
                        "max_tokens: must be at least 1, got 0"),
                new Bad(with("'temperature':1.5"), "temperature", "temperature: must be between 0 and 1, got 1.5"),
                new Bad(with("'top_p':-0.1"), "top_p", "top_p: must be between 0 and 1, got -0.1"),
                new Bad(with("'top_k':-1"), "top_k", "top_k: must be at least 0, got -1"),
                new Bad(with("'stop_sequences':'END'"), "stop_sequences",
                        "stop_sequences: must be an array, got a string"),
                new Bad(with("'stop_sequences':['a',2]"), "stop_sequences[1]",
                        "stop_sequences[1]: must be a string, got an integer"),
                new Bad(with("'stream':1"), "stream", "stream: must be a boolean, got an integer"),
                new Bad(with("'system':[{'type':'image','source':{}}]"), "system[0].type",
                        "system[0].type: must be one of text, got 'image'"),
                new Bad(with("'system':5"), "system", "system: must be a string or an array of text blocks, got an "
                        + "integer"),
                new Bad(with("'metadata':'u'"), "metadata", "metadata: must be an object, got a string"),
                new Bad(with("'service_tier':'priority'"), "service_tier",
                        "service_tier: must be one of auto, standard_only, got 'priority'"),
                new Bad(with("'thinking':{'budget_tokens':10}"), "thinking.type", "thinking.type: is required"),
                new Bad(withMessages("{'role':'system','content':'x'}"), "messages[0].role",
                        "messages[0].role: must be one of user, assistant, got 'system'"),
                new Bad(withMessages("{'role':'user','content':'x','name':'bob'}"), "messages[0].name",
                        "messages[0].name: Extra inputs are not permitted"),
                new Bad(withMessages("{'role':'user'}"), "messages[0].content", "messages[0].content: is required"),
                new Bad(withMessages("{'role':'user','content':[]}"), "messages[0].content",
                        "messages[0].content: must contain at least one content block"),
                new Bad(withMessages("{'role':'user','content':[{'type':'tool_use','id':'t','name':'f','input':{}}]}"),
                        "messages[0].content[0].type", "messages[0].content[0].type: must be one of text, image, "
                        + "document, tool_result, got 'tool_use'"),
                new Bad(withMessages("{'role':'assistant','content':[{'type':'tool_result','tool_use_id':'t'}]}"),
                        "messages[0].content[0].type", "messages[0].content[0].type: must be one of text, tool_use, "
                        + "thinking, redacted_thinking, got 'tool_result'"),
                new Bad(withMessages("{'role':'user','content':[{'type':'text'}]}"), "messages[0].content[0].text",
                        "messages[0].content[0].text: is required"),
                new Bad(withMessages("{'role':'assistant','content':[{'type':'tool_use','id':'t','name':'f',"
                        + "'input':'{}'}]}"), "messages[0].content[0].input",
                        "messages[0].content[0].input: must be an object, got a string"),
                new Bad(withMessages("{'role':'assistant','content':[{'type':'tool_use','name':'f','input':{}}]}"),
                        "messages[0].content[0].id", "messages[0].content[0].id: is required"),
                new Bad(withMessages("{'role':'user','content':[{'type':'tool_result','content':'x'}]}"),
                        "messages[0].content[0].tool_use_id", "messages[0].content[0].tool_use_id: is required"),
                new Bad(withMessages("{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','is_error':"
                        + "'yes'}]}"), "messages[0].content[0].is_error",
                        "messages[0].content[0].is_error: must be a boolean, got a string"),
                new Bad(withMessages("{'role':'user','content':[{'type':'image','source':{'type':'base64',"
                        + "'media_type':'image/bmp','data':'x'}}]}"), "messages[0].content[0].source.media_type",
                        "messages[0].content[0].source.media_type: must be one of image/jpeg, image/png, image/gif, "
                        + "image/webp, got 'image/bmp'"),
                new Bad(withMessages("{'role':'user','content':[{'type':'image','source':{'type':'file','file_id':"
                        + "'f'}}]}"), "messages[0].content[0].source.type",
                        "messages[0].content[0].source.type: file sources are not supported by this gateway; send "
                        + "the image as base64 or a URL"),
                new Bad(withMessages("{'role':'user','content':[{'type':'document','source':{'type':'url','url':"
                        + "'u'}}]}"), "messages[0].content[0].source.type",
                        "messages[0].content[0].source.type: url document sources are not supported by this gateway; "
                        + "send a base64 PDF or plain text"),
                new Bad(with("'tools':[{'name':'f'}]"), "tools[0].input_schema", "tools[0].input_schema: is required"),
                new Bad(with("'tools':[{'name':'get weather','input_schema':{}}]"), "tools[0].name",
                        "tools[0].name: must be 1 to 64 letters, digits, underscores or dashes, got 'get weather'"),
                new Bad(with("'tools':[{'type':'web_search_20250305','name':'web_search'}]"), "tools[0].type",
                        "tools[0].type: server tools ('web_search_20250305') are not supported by this gateway; "
                        + "only client tools with an input_schema are"),
                new Bad(with("'tools':[{'name':'f','input_schema':{},'parameters':{}}]"), "tools[0].parameters",
                        "tools[0].parameters: Extra inputs are not permitted"),
                new Bad(with("'tool_choice':'auto'"), "tool_choice", "tool_choice: must be an object, got a string"),
                new Bad(with("'tool_choice':{'type':'required'}"), "tool_choice.type",
                        "tool_choice.type: must be one of auto, any, tool, none, got 'required'"),
                new Bad(with("'tool_choice':{'type':'tool'}"), "tool_choice.name", "tool_choice.name: is required"),
                new Bad("[]", null, "the request body must be a JSON object, got an array"));
        List<String> failures = new ArrayList<>();
        for (Bad c : cases) {
            try {
                AnthropicWire.toRequest(json(c.body()));
                failures.add(c.body() + " was accepted");
            } catch (WireException e) {
                if (!e.getMessage().equals(c.message()) || !Objects.equals(e.field(), c.field()) || e.status() != 400) {
                    failures.add(c.body() + " -> [" + e.field() + "] " + e.getMessage() + " (" + e.status() + ")");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    // ----------------------------------------------------------------------------------------------- responses

    @Test
    void aTextAnswerIsTheDocumentedMessageObject() {
        ChatResult r = result(Choice.text("Hi! My name is Claude."), 2095, 503);
        assertThat(wire(AnthropicWire.toResponse(r, "msg_013Zva2CMHLNnXjNJJKqJ2EF", "claude-sonnet-4-5"))).isEqualTo(
                json("{'id':'msg_013Zva2CMHLNnXjNJJKqJ2EF','type':'message','role':'assistant','model':"
                + "'claude-sonnet-4-5','content':[{'type':'text','text':'Hi! My name is Claude.'}],'stop_reason':"
                + "'end_turn','stop_sequence':null,'usage':{'input_tokens':2095,'output_tokens':503,"
                + "'cache_creation_input_tokens':0,'cache_read_input_tokens':0}}"));
    }

    @Test
    void toolCallsAreToolUseBlocksWithParsedInput() {
        Choice c = new Choice(0, "I will check.", List.of(
                new ToolCall("call_Ab12", "get_weather", "{\"location\":\"San Francisco, CA\"}"),
                new ToolCall(null, "get_time", ""),
                new ToolCall("toolu_x", "cut_off", "{\"location\":\"San Fr")), Choice.TOOL_CALLS);
        JsonNode o = wire(AnthropicWire.toResponse(result(c, 1, 1), "msg_1", "m"));
        assertThat(o.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(o.get("content").get(0)).isEqualTo(json("{'type':'text','text':'I will check.'}"));
        assertThat(o.get("content").get(1)).as("an OpenAI call id passes through").isEqualTo(json(
                "{'type':'tool_use','id':'call_Ab12','name':'get_weather','input':{'location':'San Francisco, CA'}}"));
        assertThat(o.get("content").get(2).get("id").asText()).matches("toolu_[0-9a-f]{24}");
        assertThat(o.get("content").get(2).get("input")).isEqualTo(json("{}"));
        assertThat(o.get("content").get(3).get("input")).as("truncated arguments, as the SDKs read them")
                .isEqualTo(json("{}"));
        Choice onlyTool = new Choice(0, "", List.of(new ToolCall("t", "f", "{}")), Choice.TOOL_CALLS);
        assertThat(AnthropicWire.toResponse(result(onlyTool, 1, 1), "msg_1", "m").get("content")).hasSize(1);
    }

    @Test
    void finishReasonsMapOntoStopReasons() {
        String[][] table = {{"stop", "end_turn"}, {"length", "max_tokens"}, {"tool_calls", "tool_use"},
                {"content_filter", "refusal"}, {"stop_sequence", "stop_sequence"}, {"pause_turn", "pause_turn"},
                {"something_new", "end_turn"}};
        for (String[] row : table) {
            Choice c = new Choice(0, "x", List.of(), row[0]);
            assertThat(AnthropicWire.toResponse(result(c, 1, 1), "msg_1", "m").get("stop_reason").asText())
                    .as(row[0]).isEqualTo(row[1]);
        }
    }

    // --------------------------------------------------------------------------------------------------- stream

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static final String MESSAGE_START = event("message_start", "{\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\","
            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,"
            + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}}}");

    private static String textStart(int i) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + i
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    private static String textDelta(int i, String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + i
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    private static String toolStart(int i, String id, String name) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + i
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name
                + "\",\"input\":{}}}");
    }

    private static String jsonDelta(int i, String escapedPartial) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + i
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + escapedPartial + "\"}}");
    }

    private static String stop(int i) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + i + "}");
    }

    private static String end(String stopReason, int in, int out) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private static String encode(AnthropicWire.StreamEncoder s, List<StreamDelta> deltas, ChatResult r) {
        StringBuilder sb = new StringBuilder(s.start());
        deltas.forEach(d -> sb.append(s.delta(d)));
        return sb.append(s.finish(r)).toString();
    }

    @Test
    void aTextStreamIsTheDocumentedEventSequence() {
        AnthropicWire.StreamEncoder s = new AnthropicWire.StreamEncoder("msg_1", "claude", 25);
        String out = s.start() + s.delta(StreamDelta.text(0, "Hello")) + s.ping() + s.delta(StreamDelta.text(0, "!"))
                + s.delta(StreamDelta.finish(0, "stop")) + s.finish(result(Choice.text("Hello!"), 25, 15));
        assertThat(out).isEqualTo(MESSAGE_START + textStart(0) + textDelta(0, "Hello")
                + event("ping", "{\"type\":\"ping\"}") + textDelta(0, "!") + stop(0) + end("end_turn", 25, 15));
    }

    @Test
    void aToolCallStreamOpensAToolUseBlockAndStreamsItsInputJson() {
        AnthropicWire.StreamEncoder s = new AnthropicWire.StreamEncoder("msg_1", "claude", 25);
        List<StreamDelta> deltas = List.of(
                new StreamDelta(0, null, new StreamDelta.ToolCallDelta(0, "toolu_01T1x", "get_weather", ""), null),
                new StreamDelta(0, null, new StreamDelta.ToolCallDelta(0, null, null, "{\"location\":"), null),
                new StreamDelta(0, null, new StreamDelta.ToolCallDelta(0, null, null, " \"SF\"}"), null),
                StreamDelta.finish(0, "tool_calls"));
        Choice c = new Choice(0, "", List.of(new ToolCall("toolu_01T1x", "get_weather", "{\"location\": \"SF\"}")),
                Choice.TOOL_CALLS);
        assertThat(encode(s, deltas, result(c, 25, 40))).isEqualTo(MESSAGE_START
                + toolStart(0, "toolu_01T1x", "get_weather") + jsonDelta(0, "")
                + jsonDelta(0, "{\\\"location\\\":") + jsonDelta(0, " \\\"SF\\\"}") + stop(0)
                + end("tool_use", 25, 40));
    }

    @Test
    void textThenTwoToolCallsCloseEachBlockBeforeTheNextOpens() {
        Choice c = new Choice(0, "Let me check.", List.of(new ToolCall("call_a", "f", "{\"x\":1}"),
                new ToolCall(null, "g", "{}")), Choice.TOOL_CALLS);
        AnthropicWire.StreamEncoder s = new AnthropicWire.StreamEncoder("msg_1", "claude", 25);
        String out = encode(s, StreamDelta.replay(List.of(c)), result(c, 25, 9));
        String generated = AnthropicWire.toolId(null, "msg_1", 1);
        assertThat(out).isEqualTo(MESSAGE_START + textStart(0) + textDelta(0, "Let me check.") + stop(0)
                + toolStart(1, "call_a", "f") + jsonDelta(1, "{\\\"x\\\":1}") + stop(1)
                + toolStart(2, generated, "g") + jsonDelta(2, "{}") + stop(2) + end("tool_use", 25, 9));
        // What an SDK accumulates from the events is the non-streamed message's content, ids included.
        assertThat(accumulate(out).get("content"))
                .isEqualTo(wire(AnthropicWire.toResponse(result(c, 25, 9), "msg_1", "claude")).get("content"));
    }

    @Test
    void textAfterAToolCallOpensANewTextBlock() {
        List<StreamDelta> deltas = List.of(StreamDelta.text(0, "A"),
                new StreamDelta(0, null, new StreamDelta.ToolCallDelta(0, "t1", "f", "{}"), null),
                StreamDelta.text(0, "B"), StreamDelta.finish(0, "stop"));
        String out = encode(new AnthropicWire.StreamEncoder("msg_1", "claude", 25), deltas,
                result(Choice.text("AB"), 25, 2));
        assertThat(out).isEqualTo(MESSAGE_START + textStart(0) + textDelta(0, "A") + stop(0) + toolStart(1, "t1", "f")
                + jsonDelta(1, "{}") + stop(1) + textStart(2) + textDelta(2, "B") + stop(2) + end("end_turn", 25, 2));
        accumulate(out);
    }

    @Test
    void anEmptyAnswerStillHasOneTextBlockAndFinishUsesTheResultsReason() {
        String out = encode(new AnthropicWire.StreamEncoder("msg_1", "claude", 25), List.of(StreamDelta.text(0, "")),
                result(new Choice(0, "", List.of(), "length"), 25, 0));
        assertThat(out).isEqualTo(MESSAGE_START + textStart(0) + stop(0) + end("max_tokens", 25, 0));
    }

    @Test
    void anErrorEventEndsTheStream() {
        AnthropicWire.StreamEncoder s = new AnthropicWire.StreamEncoder("msg_1", "claude", 25);
        s.start();
        s.delta(StreamDelta.text(0, "partial"));
        assertThat(s.error("overloaded_error", "Overloaded")).isEqualTo(event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(s.finish(result(Choice.text("partial"), 1, 1)) + s.ping() + s.delta(StreamDelta.text(0, "x")))
                .isEmpty();
    }

    /**
     * Reads an event stream the way the official SDKs' accumulators do, failing where they would: one message_start,
     * block indexes started once, deltas and stops only for an open block (one open at a time), at least one
     * input_json_delta per tool_use block, message_stop last.
     */
    private static JsonNode accumulate(String stream) {
        ObjectNode message = null;
        Map<Integer, ObjectNode> blocks = new HashMap<>();
        Map<Integer, StringBuilder> inputs = new HashMap<>();
        Integer open = null;
        boolean stopped = false;
        for (String frame : stream.split("\n\n")) {
            assertThat(stopped).as("nothing after message_stop").isFalse();
            String[] lines = frame.split("\n");
            assertThat(lines).hasSize(2);
            String name = lines[0].substring("event: ".length());
            JsonNode data;
            try {
                data = JSON.readTree(lines[1].substring("data: ".length()));
            } catch (Exception e) {
                throw new AssertionError(frame, e);
            }
            assertThat(data.get("type").asText()).isEqualTo(name);
            switch (name) {
                case "message_start" -> {
                    assertThat(message).isNull();
                    message = (ObjectNode) data.get("message").deepCopy();
                }
                case "content_block_start" -> {
                    int i = data.get("index").asInt();
                    assertThat(open).as("one block open at a time").isNull();
                    assertThat(blocks).as("index %d started once", i).doesNotContainKey(i);
                    assertThat(i).as("indexes in order").isEqualTo(blocks.size());
                    blocks.put(i, (ObjectNode) data.get("content_block").deepCopy());
                    open = i;
                }
                case "content_block_delta" -> {
                    int i = data.get("index").asInt();
                    assertThat(open).as("delta for the open block").isEqualTo(i);
                    JsonNode d = data.get("delta");
                    if (d.get("type").asText().equals("text_delta")) {
                        ObjectNode b = blocks.get(i);
                        b.put("text", b.get("text").asText() + d.get("text").asText());
                    } else {
                        inputs.computeIfAbsent(i, k -> new StringBuilder()).append(d.get("partial_json").asText());
                    }
                }
                case "content_block_stop" -> {
                    int i = data.get("index").asInt();
                    assertThat(open).isEqualTo(i);
                    ObjectNode b = blocks.get(i);
                    if (b.get("type").asText().equals("tool_use")) {
                        assertThat(inputs).as("Missing input JSON for index %d", i).containsKey(i);
                        b.set("input", AnthropicWire.input(inputs.get(i).toString()));
                    }
                    open = null;
                }
                case "message_delta" -> {
                    assertThat(open).isNull();
                    message.set("stop_reason", data.get("delta").get("stop_reason"));
                    ((ObjectNode) message.get("usage")).setAll((ObjectNode) data.get("usage"));
                }
                case "message_stop" -> stopped = true;
                case "ping" -> {
                }
                default -> throw new AssertionError("unexpected event " + name);
            }
        }
        assertThat(stopped).isTrue();
        ArrayNode content = message.putArray("content");
        for (int i = 0; i < blocks.size(); i++) {
            content.add(blocks.get(i));
        }
        return message;
    }

    // -------------------------------------------------------------------------------------------------- round trip

    @Test
    void aToolUseConversationReachesTheEngineAsTheSameOpenAiConversation() {
        ChatRequest fromAnthropic = parse(TOOL_CONVERSATION);
        // The same conversation as an OpenAI client would send it: what the engine passes to an OpenAI upstream.
        ChatRequest fromOpenAi = OpenAiWire.toRequest(json("{'model':'claude-sonnet-4-5','max_tokens':1024,"
                + "'messages':[{'role':'user','content':'What is the weather like in San Francisco?'},"
                + "{'role':'assistant','content':'I will check the weather.','tool_calls':[{'id':"
                + "'toolu_01A09q90qw90lq917835lq9','type':'function','function':{'name':'get_weather','arguments':"
                + "'{\\'location\\':\\'San Francisco, CA\\',\\'unit\\':\\'celsius\\'}'}}]},"
                + "{'role':'tool','tool_call_id':'toolu_01A09q90qw90lq917835lq9','content':'15 degrees'},"
                + "{'role':'user','content':'And tomorrow?'}]}")).build();
        assertThat(fromAnthropic.messages()).isEqualTo(fromOpenAi.messages());
        assertThat(CacheKeys.of(fromAnthropic, "v1")).as("one conversation, one cache entry, whichever format")
                .isEqualTo(CacheKeys.of(fromOpenAi, "v1"));
        // And the engine's answer, an OpenAI-style call, goes back to each client with its id and arguments intact.
        ToolCall call = new ToolCall("call_9xYz", "get_weather", "{\"location\":\"San Francisco, CA\"}");
        ChatResult answer = result(new Choice(0, "", List.of(call), Choice.TOOL_CALLS), 10, 5);
        JsonNode block = AnthropicWire.toResponse(answer, "msg_2", "claude-sonnet-4-5").get("content").get(0);
        assertThat(block.get("id").asText()).isEqualTo("call_9xYz");
        assertThat(block.get("input")).isEqualTo(json("{'location':'San Francisco, CA'}"));
        // The client sends the block back with its result: the engine sees the same call and the answer to it.
        ChatRequest followUp = AnthropicWire.toRequest(JSON.valueToTree(Map.of("model", "m", "max_tokens", 10,
                "messages", List.of(Map.of("role", "assistant", "content", List.of(block)),
                        Map.of("role", "user", "content", List.of(Map.of("type", "tool_result", "tool_use_id",
                                "call_9xYz", "content", "15 degrees"))))))).build();
        assertThat(followUp.messages().get(0).toolCalls()).containsExactly(call);
        assertThat(followUp.messages().get(1).toolCallId()).isEqualTo("call_9xYz");
    }

    @Test
    void errorsAndTheModelListHaveAnthropicsShapes() {
        assertThat(AnthropicWire.error("not_found_error", "model: claude-9")).isEqualTo(json(
                "{'type':'error','error':{'type':'not_found_error','message':'model: claude-9'}}"));
        assertThat(AnthropicWire.error(new WireException("max_tokens", "is required"))).isEqualTo(json(
                "{'type':'error','error':{'type':'invalid_request_error','message':'max_tokens: is required'}}"));
        assertThat(AnthropicWire.error(WireException.tooLarge("over 32 MB")).get("error").get("type").asText())
                .isEqualTo("request_too_large");
        assertThat(AnthropicWire.error(WireException.notFound("model", "no such model")).get("error").get("type")
                .asText()).isEqualTo("not_found_error");
        int[] statuses = {400, 401, 402, 403, 404, 413, 429, 500, 502, 503, 504, 529};
        String[] types = {"invalid_request_error", "authentication_error", "billing_error", "permission_error",
                "not_found_error", "request_too_large", "rate_limit_error", "api_error", "api_error",
                "overloaded_error", "timeout_error", "overloaded_error"};
        for (int i = 0; i < statuses.length; i++) {
            assertThat(AnthropicWire.typeFor(statuses[i])).as("%d", statuses[i]).isEqualTo(types[i]);
        }
        assertThat(AnthropicWire.models(List.of("claude-sonnet", "gpt-4o"))).isEqualTo(json("{'data':[{'type':"
                + "'model','id':'claude-sonnet','display_name':'claude-sonnet','created_at':'1970-01-01T00:00:00Z'},"
                + "{'type':'model','id':'gpt-4o','display_name':'gpt-4o','created_at':'1970-01-01T00:00:00Z'}],"
                + "'has_more':false,'first_id':'claude-sonnet','last_id':'gpt-4o'}"));
        assertThat(AnthropicWire.models(List.of())).isEqualTo(json("{'data':[],'has_more':false,'first_id':null,"
                + "'last_id':null}"));
    }
}
