package dev.emodistill.eval;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.Tolerance;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.SimWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The round-robin: paired episodes, both sides' utilities, and standings that agree with the matches. */
class TournamentTest {
    private static final List<String> FOCAL = List.of("no-emotion", "fixed:anger", "random");
    private static final List<String> COUNTERPARTIES = List.of("persona:vanilla", "persona:threat", "sad vanilla");
    private static List<Scenario> scenarios;
    private static Tournament.Result result;

    @BeforeAll
    static void play() {
        SimWorld world = new SimWorld(new ProtocolConfig(16, Tolerance.DEFAULT), Classifiers.builtin(HeadRole.PERCEPTION))
                .withFocalResponse(Personas.get("vanilla"));
        scenarios = ScenarioGenerator.generate(Domain.MEDICAL, 4, 3);
        List<Tournament.FocalAgent> focal = FOCAL.stream()
                .map(name -> Tournament.FocalAgent.of(name, () -> EmotionPolicies.parse(name))).toList();
        List<Tournament.CounterpartyAgent> cps = List.of(
                Tournament.CounterpartyAgent.persona(Personas.get("vanilla")),
                Tournament.CounterpartyAgent.persona(Personas.get("threat")),
                new Tournament.CounterpartyAgent("sad vanilla", Personas.get("vanilla"),
                        k -> EmotionPolicies.fixed(Emotion.SADNESS)));
        result = Tournament.run(world, focal, cps, scenarios, 2, 5, 2, () -> { });
    }

    @Test
    void everyPairPlaysTheSameScenarioSeedPairs() {
        assertEquals(FOCAL.size() * COUNTERPARTIES.size(), result.matches().size());
        assertEquals(FOCAL.size() * COUNTERPARTIES.size() * scenarios.size() * 2, result.episodes().size());
        for (Tournament.Episode a : result.episodes()) {
            assertEquals(Tournament.episodeSeed(5, a.scenario(), a.seedIndex()), a.seed());
            for (Tournament.Episode b : result.episodes()) {
                if (a.scenario().equals(b.scenario()) && a.seedIndex() == b.seedIndex() && a.focal().equals(b.focal())) {
                    // The focal agent's opening cannot depend on whom it meets.
                    assertEquals(a.result().messages().get(0).text(), b.result().messages().get(0).text());
                    boolean sameBody = !a.counterparty().equals("persona:threat") && !b.counterparty()
                            .equals("persona:threat");
                    if (sameBody) {
                        // Same persona body and seed: the same hidden reservation, so the same first reply offer.
                        assertEquals(a.result().messages().get(1).offer(), b.result().messages().get(1).offer());
                    }
                }
            }
        }
    }

    @Test
    void theCounterpartysUtilityIsOneMinusUOnDealsAndMatchesAverageIt() {
        for (Tournament.Match m : result.matches()) {
            List<Tournament.Episode> mine = result.episodes().stream()
                    .filter(e -> e.focal().equals(m.focal()) && e.counterparty().equals(m.counterparty())).toList();
            double focal = 0;
            double cp = 0;
            for (Tournament.Episode e : mine) {
                double expected = e.result().isDeal() ? 1 - e.result().utility() : 0;
                assertEquals(expected, e.counterpartyUtility(), 1e-12);
                focal += e.result().utility() / mine.size();
                cp += expected / mine.size();
            }
            assertEquals(focal, m.focalSummary().expectedUtility(), 1e-9);
            assertEquals(cp, m.counterpartyExpectedUtility(), 1e-9);
            assertTrue(m.counterpartyCi().low() <= cp && cp <= m.counterpartyCi().high());
            Role w = m.winner();
            assertEquals(focal > cp ? Role.FOCAL : focal < cp ? Role.COUNTERPARTY : null, w);
        }
        long sadMessages = result.episodes().stream().filter(e -> e.counterparty().equals("sad vanilla"))
                .flatMap(e -> e.result().messages().stream()).filter(m -> m.speaker() == Role.COUNTERPARTY)
                .map(Message::emotion).filter(e -> e != Emotion.SADNESS).count();
        assertEquals(0, sadMessages, "a displayed policy chooses every counterparty emotion");
    }

    @Test
    void standingsAreSortedAndAgreeWithTheMatches() {
        check(result.focal(), Role.FOCAL, FOCAL, COUNTERPARTIES.size());
        check(result.counterparty(), Role.COUNTERPARTY, COUNTERPARTIES, FOCAL.size());
    }

    private static void check(List<Tournament.Standing> standings, Role role, List<String> names, int opponents) {
        assertEquals(names.size(), standings.size());
        assertEquals(names.stream().sorted().toList(), standings.stream().map(Tournament.Standing::agent).sorted()
                .toList());
        for (int i = 0; i < standings.size(); i++) {
            Tournament.Standing s = standings.get(i);
            assertEquals(i + 1, s.rank());
            assertEquals(role, s.role());
            if (i > 0) {
                assertTrue(standings.get(i - 1).meanUtility() >= s.meanUtility(), "sorted best first");
            }
            List<Tournament.Match> mine = result.matches().stream()
                    .filter(m -> (role == Role.FOCAL ? m.focal() : m.counterparty()).equals(s.agent())).toList();
            assertEquals(opponents, mine.size());
            double mean = mine.stream().mapToDouble(m -> role == Role.FOCAL ? m.focalSummary().expectedUtility()
                    : m.counterpartyExpectedUtility()).average().orElseThrow();
            assertEquals(mean, s.meanUtility(), 1e-9);
            assertEquals(mine.stream().filter(m -> m.winner() == role).count(), s.wins());
            assertEquals(mine.stream().filter(m -> m.winner() == null).count(), s.draws());
            assertEquals(opponents, s.wins() + s.draws() + s.losses());
            assertTrue(s.ci().low() <= s.meanUtility() && s.meanUtility() <= s.ci().high());
        }
    }

    @Test
    void anEntrantTwiceIsRefused() {
        var a = Tournament.FocalAgent.of("random", EmotionPolicies::random);
        var c = Tournament.CounterpartyAgent.persona(Personas.get("vanilla"));
        assertThrows(IllegalArgumentException.class, () -> Tournament.run(
                new SimWorld(ProtocolConfig.DEFAULT, Classifiers.builtin(HeadRole.PERCEPTION)), List.of(a, a),
                List.of(c), scenarios, 1, 1, 1, () -> { }));
    }
}
