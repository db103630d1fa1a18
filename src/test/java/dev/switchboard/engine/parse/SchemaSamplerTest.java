package dev.switchboard.engine.parse;

import static dev.switchboard.engine.parse.ParseStrategyTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaSamplerTest {
    static final JsonNode RICH = json("""
            {'type':'object','required':['id','email','when','kind','lines','score','flag','nothing','either'],
             'properties':{
              'id':{'type':'integer','minimum':10,'maximum':20},
              'email':{'type':'string','format':'email'},
              'when':{'type':'string','format':'date'},
              'kind':{'type':'string','enum':['a','b','c']},
              'code':{'type':'string','minLength':5,'maxLength':8},
              'score':{'type':'number','minimum':0,'maximum':1},
              'flag':{'type':'boolean'},
              'nothing':{'type':'null'},
              'either':{'anyOf':[{'type':'integer','minimum':1,'maximum':3},{'type':'string'}]},
              'pick':{'oneOf':[{'type':'boolean'},{'type':'string'}]},
              'lines':{'type':'array','minItems':2,'maxItems':4,'items':{'type':'object','required':['sku'],
                'properties':{'sku':{'type':'string'},'qty':{'type':'integer','minimum':1}}}}}}""");

    @Test
    void samplesValidateAgainstTheirSchema() {
        Schema s = SchemaCompiler.compile(RICH);
        for (long seed = 0; seed < 500; seed++) {
            JsonNode v = SchemaSampler.sample(RICH, seed);
            assertThat(s.validate(v)).as("seed %d: %s", seed, v).isEmpty();
            assertThat(v.get("lines").size()).isBetween(2, 4);
            assertThat(v.get("either").isIntegralNumber()).isTrue();
            assertThat(v.get("email").asText()).endsWith("@example.com");
            assertThat(v.get("when").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        }
    }

    @Test
    void theShippedWorkloadSchemasSampleValidValues() throws Exception {
        for (String name : List.of("product", "sentiment", "contact", "invoice")) {
            JsonNode schema;
            try (var in = getClass().getResourceAsStream("/dev/switchboard/workload/schemas/" + name + ".json")) {
                assertThat(in).as(name).isNotNull();
                schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            }
            Schema s = SchemaCompiler.compile(schema);
            for (long seed = 0; seed < 100; seed++) {
                assertThat(s.validate(SchemaSampler.sample(schema, seed))).as(name).isEmpty();
            }
        }
    }

    @Test
    void deterministicPerSeedAndVariedAcrossSeeds() {
        assertThat(SchemaSampler.sample(RICH, 7)).isEqualTo(SchemaSampler.sample(RICH, 7));
        Set<JsonNode> distinct = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            distinct.add(SchemaSampler.sample(RICH, seed));
        }
        assertThat(distinct).hasSizeGreaterThan(45);
    }
}
