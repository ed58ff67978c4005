package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgeContextTest {
    static CorpusEpisode episode(DomainCase c, Outcome outcome, List<CorpusTurn> turns) {
        return new CorpusEpisode("ep-1", "s-1", c.domain(), "pressure", "random", 0, 42L, c.focalTarget(),
                c.counterpartyTarget(), c.tolerance(), DomainCase.HORIZON, outcome, null, 0, turns.size() / 2 + 1,
                outcome == Outcome.ERROR ? null : Role.COUNTERPARTY, outcome == Outcome.ERROR ? "backend failed" : null,
                turns);
    }

    @Test
    void atAFocalMessageSeesEverythingBeforeItAndItsTurnIndex() {
        DomainCase c = DomainCase.disaster();
        CorpusEpisode e = episode(c, Outcome.TIMEOUT, c.history());
        JudgeContext first = JudgeContext.at(e, 0);
        assertEquals(0, first.turn());
        assertTrue(first.history().isEmpty());
        JudgeContext second = JudgeContext.at(e, 2);
        assertEquals(1, second.turn());
        assertEquals(e.turns().subList(0, 2), second.history());
        assertEquals(Domain.DISASTER, second.domain());
        assertEquals(c.focalTarget(), second.focalTarget());
        assertEquals(c.counterpartyTarget(), second.counterpartyTarget());
        assertEquals(c.tolerance(), second.tolerance());
        assertEquals(DomainCase.HORIZON, second.horizon());
    }

    @Test
    void atRefusesCounterpartyAndMissingMessages() {
        DomainCase c = DomainCase.debt();
        CorpusEpisode e = episode(c, Outcome.TIMEOUT, c.history());
        assertThrows(IllegalArgumentException.class, () -> JudgeContext.at(e, 1));
        assertThrows(IllegalArgumentException.class, () -> JudgeContext.at(e, 9));
    }

    @Test
    void positionsFollowTheFocalUtilityScaleInBothPolarities() {
        JudgeContext debt = DomainCase.debt().context();
        assertEquals(1, debt.position(10), 1e-12);
        assertEquals(0, debt.position(90), 1e-12);
        assertEquals(0.05, debt.tolerancePosition(), 1e-12);
        JudgeContext rescue = DomainCase.disaster().context();
        assertEquals(1, rescue.position(120), 1e-12);
        assertEquals(0.5, rescue.position(90), 1e-12);
        assertEquals(DomainCase.HORIZON - DomainCase.TURN, rescue.remainingTurns());
        assertEquals(DomainCase.TURN / (double) (DomainCase.HORIZON - 1), rescue.deadlineProgress(), 1e-12);
    }

    @Test
    void ofAScenarioCarriesItsTargets() {
        Scenario s = new Scenario("m-1", Domain.MEDICAL, 60, 20, false, Map.of());
        JudgeContext ctx = JudgeContext.of(s, 2, 15, 3, List.of());
        assertEquals(60, ctx.focalTarget());
        assertEquals(20, ctx.counterpartyTarget());
        assertEquals(s.span(), ctx.span());
    }

    @Test
    void rejectsImpossibleStates() {
        assertThrows(IllegalArgumentException.class,
                () -> new JudgeContext(Domain.DEBT, 10, 90, 4, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new JudgeContext(Domain.DEBT, 10, 90, 4, 15, -1, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new JudgeContext(Domain.DEBT, Double.NaN, 90, 4, 15, 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new JudgeContext(Domain.DEBT, 10, 90, -1, 15, 0, List.of()));
    }
}
