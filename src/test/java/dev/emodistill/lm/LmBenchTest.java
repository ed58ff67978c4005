package dev.emodistill.lm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's plumbing at the smallest settings (its numbers are not checked: they depend on the machine). */
class LmBenchTest {
    @Test
    void aMinimalRunReportsEveryFigure() {
        List<String> stages = new ArrayList<>();
        LmBench.Result r = LmBench.run(new LmBench.Options(1, 2, 3, 2, 0), stages::add);
        assertEquals(List.of("training, full fine-tuning", "training, LoRA r 8 on q, k, v, o", "generation"), stages);
        assertEquals(4_194_560, r.pocket().parameterCount());
        JsonNode j = r.json();
        for (String field : List.of("train_full_tokens_per_second", "train_lora_r8_qkvo_tokens_per_second",
                "generation_tokens_per_second", "heap_peak_mb")) {
            assertTrue(j.path(field).asDouble() > 0, field + " in " + j);
        }
        assertTrue(j.path("rss_peak_mb").asDouble() != 0);
        assertTrue(r.summary().contains("reference 3200"), r.summary());
        assertTrue(Double.isNaN(r.largeStepSeconds()), "the large model was skipped");
        assertEquals(109_529_856L, LmBench.largeShape().parameterCount(), "the ~110M shape");
    }
}
