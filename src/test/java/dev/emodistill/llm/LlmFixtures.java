package dev.emodistill.llm;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Clients and settings pointed at a stub server, with fast retries. */
final class LlmFixtures {
    static final String KEY = "sk-fixture-KEY-77aa-never-written";
    static final String KEY_ENV = "FIXTURE_KEY";

    private LlmFixtures() {
    }

    static LlmClient client(Path cacheDir, CacheMode mode) {
        ClientSettings cs = new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofMillis(2),
                Duration.ofMillis(20), 4, mode, cacheDir);
        return new LlmClient(cs, Map.of(KEY_ENV, KEY)::get, new LlmUsage());
    }

    static RoleSettings settings(StubLlmServer server, LlmRole role) {
        return new RoleSettings(role, server.baseUrl(), "stub-" + role.label(), KEY_ENV, role.defaultTemperature(),
                role.defaultMaxTokens(), List.of(), true, 1.0, 2.0, Map.of("model", "--" + role.label() + "-llm-model"));
    }

    /** A perception classifier that always reads neutral: fast, and emotion plays no part in these tests. */
    static EmotionClassifier neutral() {
        return new EmotionClassifier() {
            @Override
            public EmotionDistribution classify(String text) {
                return EmotionDistribution.pure(Emotion.NEUTRAL);
            }

            @Override
            public String describe() {
                return "always neutral (test)";
            }
        };
    }
}
