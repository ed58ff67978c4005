package dev.emodistill.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging command-line and file settings per role, defaults, and refusals. */
class LlmConfigTest {
    static ObjectNode tree(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static LlmConfig config(String cli, String file) {
        return new LlmConfig(new LlmConfig.Layer(tree(cli), "command line", true),
                new LlmConfig.Layer(tree(file), "config x.json", false));
    }

    @Test
    void theMoreSpecificSettingWinsAndAtEqualSpecificityTheCommandLine() {
        LlmConfig c = config("""
                {"llm": {"model": "cli-model"}, "llm_roles": {"expresser": {"base_url": "http://cli-expresser/v1"}}}""", """
                {"llm": {"model": "file-model", "base_url": "http://file/v1", "temperature": 0.2},
                 "llm_roles": {"judge": {"model": "file-judge"}, "expresser": {"base_url": "http://file-expresser/v1"}}}""");
        RoleSettings judge = c.role(LlmRole.JUDGE);
        assertEquals("file-judge", judge.model());
        assertEquals("config x.json: llm_roles.judge.model", judge.source("model"));
        assertEquals(0.0, judge.temperature(), "a shared temperature does not make the judge sample");
        assertEquals(0.2, c.role(LlmRole.COUNTERPARTY).temperature());
        RoleSettings expresser = c.role(LlmRole.EXPRESSER);
        assertEquals("cli-model", expresser.model());
        assertEquals("--llm-model", expresser.source("model"));
        assertEquals("http://cli-expresser/v1", expresser.baseUrl());
        assertEquals("--expresser-llm-base-url", expresser.source("base_url"));
        assertEquals("http://file/v1", c.role(LlmRole.COUNTERPARTY).baseUrl());
    }

    @Test
    void defaultsPerRole() {
        LlmConfig c = config("{\"llm\": {\"model\": \"m\"}}", "{}");
        assertEquals(LlmConfig.DEFAULT_BASE_URL, c.role(LlmRole.JUDGE).baseUrl());
        assertEquals(LlmConfig.DEFAULT_KEY_ENV, c.role(LlmRole.JUDGE).apiKeyEnv());
        assertEquals(0.0, c.role(LlmRole.JUDGE).temperature());
        assertEquals(0.7, c.role(LlmRole.EXPRESSER).temperature());
        assertEquals(CacheMode.READWRITE, c.cacheMode());
        assertFalse(c.stopOnError());
        assertTrue(c.retryErrors());
        assertFalse(c.llmOffers());
        assertEquals(LlmExpresser.MismatchPolicy.FALLBACK, c.offerCheck());
        ClientSettings cs = c.client();
        assertEquals(Duration.ofSeconds(120), cs.requestTimeout());
        assertEquals(4, cs.retries());
        assertEquals(4, cs.concurrency());
    }

    @Test
    void refusalsNameTheOptionOrTheFileField() {
        InputException noModel = assertThrows(InputException.class, () -> config("{}", "{}").role(LlmRole.JUDGE));
        assertTrue(noModel.getMessage().startsWith("--judge llm needs a model: set --llm-model NAME or --judge-llm-model"),
                noModel.getMessage());
        InputException key = assertThrows(InputException.class, () -> config("{}", "{\"llm_roles\": {\"judge\": "
                + "{\"api_key\": \"x\"}}}"));
        assertTrue(key.getMessage().contains("config x.json, field 'llm_roles.judge.api_key': keys are never read"),
                key.getMessage());
        InputException role = assertThrows(InputException.class, () -> config("{}", "{\"llm_roles\": {\"jduge\": {}}}"));
        assertTrue(role.getMessage().contains("'llm_roles.jduge': unknown role"), role.getMessage());
        InputException range = assertThrows(InputException.class, () -> config("{\"llm\": {\"retries\": -1}}", "{}"));
        assertTrue(range.getMessage().startsWith("--llm-retries: wrong type or range"), range.getMessage());
        InputException type = assertThrows(InputException.class, () -> config("{}", "{\"llm\": {\"timeout\": \"slow\"}}"));
        assertTrue(type.getMessage().contains("field 'llm.timeout': wrong type"), type.getMessage());
        InputException mode = assertThrows(InputException.class, () -> config("{\"cache\": \"sometimes\"}", "{}").cacheMode());
        assertTrue(mode.getMessage().startsWith("--cache: expected off, read or readwrite"), mode.getMessage());
    }

    @Test
    void provenanceNeverHoldsCredentialsFromTheUrl() {
        assertEquals("https://host.example/v1", RoleSettings.publicUrl("https://user:secret@host.example/v1?key=abc#x"));
        assertEquals("http://127.0.0.1:8000/v1", RoleSettings.publicUrl("http://127.0.0.1:8000/v1"));
    }
}
