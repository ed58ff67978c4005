package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateSchemaTest {
    @Test
    void namesAreUniqueAndMatchTheBlockLayout() {
        StateSchema s = StateSchema.DEFAULT;
        List<String> names = s.featureNames();
        assertEquals(names.size(), new HashSet<>(names).size(), "feature names must be unique");
        assertEquals(7 + 29 + 28 + 7 + 7 + 4, s.dimension());
        assertEquals(s.dimension(), s.featureDescriptions().size());
        assertEquals("cp_concession_last", names.get(0));
        assertEquals("cp_stalemate", names.get(6));
        assertEquals("focal_emotion=admiration", names.get(StateSchema.FOCAL_EMOTION_OFFSET));
        assertEquals("focal_emotion=none",
                names.get(StateSchema.FOCAL_EMOTION_OFFSET + StateSchema.NO_FOCAL_EMOTION_SLOT));
        assertEquals("cp_perceived=admiration", names.get(StateSchema.PERCEIVED_OFFSET));
        assertEquals("cp_perceived=neutral", names.get(StateSchema.EKMAN_OFFSET - 1));
        assertEquals("cp_perceived_ekman=anger", names.get(StateSchema.EKMAN_OFFSET));
        assertEquals("cp_perceived_ekman_mean=anger", names.get(StateSchema.EKMAN_MEAN_OFFSET));
        assertEquals("domain=debt", names.get(StateSchema.DOMAIN_OFFSET));
        assertEquals("domain=medical", names.get(s.dimension() - 1));
    }

    @Test
    void domainFeaturesOffRemovesExactlyTheFourDomainFeatures() {
        StateSchema full = StateSchema.of(true);
        StateSchema agnostic = StateSchema.of(false);
        assertEquals(full.dimension() - 4, agnostic.dimension());
        assertEquals(full.featureNames().subList(0, agnostic.dimension()), agnostic.featureNames());
        assertTrue(agnostic.featureNames().stream().noneMatch(n -> n.startsWith("domain=")));
        assertFalse(agnostic.domainFeatures());
    }

    @Test
    void jsonRoundTripsAndDescribesEveryFeature() {
        for (StateSchema s : List.of(StateSchema.DEFAULT, StateSchema.DOMAIN_AGNOSTIC)) {
            ObjectNode json = s.toJson();
            assertEquals(StateSchema.STATE_SCHEMA_VERSION, json.get("version").asInt());
            assertEquals(s, StateSchema.fromJson(Json.MAPPER.valueToTree(json)));
            assertEquals(s.dimension(), s.describe().get("features").size());
        }
    }

    @Test
    void storedSchemasFromOtherVersionsOrLayoutsAreRejected() {
        ObjectNode newer = StateSchema.DEFAULT.toJson().put("version", StateSchema.STATE_SCHEMA_VERSION + 1);
        InputException v = assertThrows(InputException.class, () -> StateSchema.fromJson(newer));
        assertTrue(v.getMessage().contains("state_schema.version") && v.getMessage().contains("newer"),
                v.getMessage());

        ObjectNode renamed = StateSchema.DEFAULT.toJson();
        ((com.fasterxml.jackson.databind.node.ArrayNode) renamed.get("feature_names")).set(2, "gap");
        InputException n = assertThrows(InputException.class, () -> StateSchema.fromJson(renamed));
        assertTrue(n.getMessage().contains("feature_names[2]"), n.getMessage());

        ObjectNode mixed = StateSchema.DOMAIN_AGNOSTIC.toJson().put("domain_features", true);
        assertThrows(InputException.class, () -> StateSchema.fromJson(mixed));
    }
}
