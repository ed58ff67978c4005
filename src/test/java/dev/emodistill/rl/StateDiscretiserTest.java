package dev.emodistill.rl;

import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;

import static dev.emodistill.rl.TabularStates.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateDiscretiserTest {
    private static final BiFunction<String, String, InputException> ERROR =
            (field, reason) -> new InputException("field '" + field + "': " + reason);
    private final StateDiscretiser d = new StateDiscretiser(StateSchema.DEFAULT, 3);

    @Test
    void threePhasesTimesEightMoodsTimesThreeMoves() {
        assertEquals(72, d.cellCount());
        assertEquals(72, new StateDiscretiser(StateSchema.DOMAIN_AGNOSTIC, 3).cellCount());
        assertEquals(96, new StateDiscretiser(StateSchema.DEFAULT, 4).cellCount());
    }

    @Test
    void readsPhaseMoodAndMoveFromTheNamedFeatures() {
        assertEquals("phase=1/3,cp_mood=none,cp_move=held", d.label(d.cell(state(0, null, 0))));
        assertEquals("phase=1/3,cp_mood=anger,cp_move=conceded", d.label(d.cell(state(0.2, EkmanGroup.ANGER, 0.05))));
        assertEquals("phase=2/3,cp_mood=sadness,cp_move=retreated",
                d.label(d.cell(state(0.4, EkmanGroup.SADNESS, -0.1))));
        assertEquals("phase=3/3,cp_mood=neutral,cp_move=held", d.label(d.cell(state(0.9, EkmanGroup.NEUTRAL, 0))));
    }

    @Test
    void theStateAfterTheLastTurnFallsInTheLastPhase() {
        assertEquals(d.cell(state(0.99, EkmanGroup.JOY, 0)), d.cell(state(1.0, EkmanGroup.JOY, 0)));
    }

    @Test
    void roundingNoiseIsNotAMove() {
        assertEquals(d.cell(state(0.5, EkmanGroup.FEAR, 0)), d.cell(state(0.5, EkmanGroup.FEAR, 4e-7)));
        assertNotEquals(d.cell(state(0.5, EkmanGroup.FEAR, 0)), d.cell(state(0.5, EkmanGroup.FEAR, 0.01)));
    }

    @Test
    void everyCellIsReachableAndLabelledUniquely() {
        Set<Integer> cells = new HashSet<>();
        Set<String> labels = new HashSet<>();
        EkmanGroup[] moods = {null, EkmanGroup.ANGER, EkmanGroup.DISGUST, EkmanGroup.FEAR, EkmanGroup.JOY,
                EkmanGroup.SADNESS, EkmanGroup.SURPRISE, EkmanGroup.NEUTRAL};
        for (double p : new double[]{0.1, 0.5, 0.8}) {
            for (EkmanGroup g : moods) {
                for (double c : new double[]{-0.1, 0, 0.1}) {
                    int cell = d.cell(state(p, g, c));
                    cells.add(cell);
                    labels.add(d.label(cell));
                }
            }
        }
        assertEquals(72, cells.size());
        assertEquals(72, labels.size());
    }

    @Test
    void wrongDimensionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> d.cell(new float[10]));
    }

    @Test
    void jsonRoundTripAndVersionCheck() {
        var json = d.toJson();
        assertEquals(72, json.get("labels").size());
        StateDiscretiser back = StateDiscretiser.fromJson(json, StateSchema.DEFAULT, ERROR);
        assertEquals(d.phaseBins(), back.phaseBins());
        json.put("version", StateDiscretiser.VERSION + 1);
        InputException e = assertThrows(InputException.class,
                () -> StateDiscretiser.fromJson(json, StateSchema.DEFAULT, ERROR));
        assertTrue(e.getMessage().contains("discretiser.version"), e.getMessage());
    }
}
