package dev.emodistill.negotiation;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeDependentTacticTest {
    private static final Scenario S = new Scenario("t", Domain.DEBT, 10, 110, false, Map.of());

    private static TurnContext ctx(int turn) {
        return new TurnContext(S, Role.FOCAL, turn, 11, 5, List.of());
    }

    @Test
    void linearTacticWithoutNoiseConcedesFromTargetToFloor() {
        TimeDependentTactic t = new TimeDependentTactic(1, 0.2, 1, 0, 1);
        for (int turn = 0; turn <= 10; turn++) {
            double expectedPosition = 1 - 0.8 * turn / 10.0;
            Decision d = t.decide(ctx(turn), EmotionResponseProfile.INSENSITIVE, new SplittableRandom(1));
            assertEquals(Act.OFFER, d.act());
            assertEquals(Math.round(S.valueAt(expectedPosition)), d.value(), 1e-9);
        }
    }

    @Test
    void boulwareConcedesLaterThanConceder() {
        TimeDependentTactic boulware = new TimeDependentTactic(1, 0, 0.5, 0, 1);
        TimeDependentTactic conceder = new TimeDependentTactic(1, 0, 2, 0, 1);
        double b = boulware.aim(ctx(5), EmotionResponseProfile.INSENSITIVE, new SplittableRandom(1));
        double c = conceder.aim(ctx(5), EmotionResponseProfile.INSENSITIVE, new SplittableRandom(1));
        assertEquals(0.75, b, 1e-9);
        assertEquals(1 - Math.sqrt(0.5), c, 1e-9);
    }

    @Test
    void acceptsAStandingOfferAtLeastAsGoodAsItsOwnAim() {
        TimeDependentTactic t = new TimeDependentTactic(1, 0.2, 1, 0, 1);
        List<Message> history = List.of(new Message(0, Role.COUNTERPARTY, 0, "30 days", 30.0, Act.OFFER,
                null, null));
        TurnContext c = new TurnContext(S, Role.FOCAL, 3, 11, 5, history);
        // aim at turn 3 is position 0.76 = 34 days; 30 days is better for the focal side
        Decision d = t.decide(c, EmotionResponseProfile.INSENSITIVE, new SplittableRandom(1));
        assertEquals(Act.ACCEPT, d.act());
        assertEquals(30.0, d.value());
    }
}
