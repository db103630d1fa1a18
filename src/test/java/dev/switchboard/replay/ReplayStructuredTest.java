package dev.switchboard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadSchemas;
import org.junit.jupiter.api.Test;

class ReplayStructuredTest {
    @Test
    void aWorkloadEntrysResponseFormatReachesTheRequest() {
        WorkloadEntry e = new WorkloadEntry(1, 0, "u", "free", null, "gpt-4o-mini", "sys", "extract", 0.0, 256, "i",
                WorkloadSchemas.responseFormat("invoice"));
        ChatRequest r = ReplayRunner.toRequest(e);
        assertThat(r.responseFormat()).isEqualTo(WorkloadSchemas.responseFormat("invoice"));
        assertThat(r.responseFormat().at("/json_schema/schema/required/0").asText()).isEqualTo("invoice_number");
        WorkloadEntry plain = new WorkloadEntry(1, 0, "u", "free", null, "gpt-4o-mini", "sys", "why", 0.0, 256, "i");
        assertThat(ReplayRunner.toRequest(plain).responseFormat()).isNull();
    }
}
