package dev.emodistill.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DESIGN §2 target rules, each case worked out by hand. */
class TargetRulesTest {
    private static TargetRules.Targets derive(Domain d, Map<String, String> f) throws TargetRules.FieldException {
        return TargetRules.derive(d, f);
    }

    @Test
    void debtUsesCreditorAndDebtorTargets() throws Exception {
        var t = derive(Domain.DEBT, Map.of("Creditor Target Days", "14", "Debtor Target Days", "90"));
        assertEquals(14, t.focal());
        assertEquals(90, t.counterparty());
        assertFalse(t.estimated());
        var e = assertThrows(TargetRules.FieldException.class,
                () -> derive(Domain.DEBT, Map.of("Creditor Target Days", "soon", "Debtor Target Days", "90")));
        assertEquals("Creditor Target Days", e.field());
    }

    @Test
    void disasterAppliesFloorsAndDefaults() throws Exception {
        var t = derive(Domain.DISASTER, Map.of(TargetRules.DISASTER_ENDURANCE, "45", TargetRules.DISASTER_ETA, "200"));
        assertEquals(45, t.counterparty());
        assertEquals(200, t.focal());
        t = derive(Domain.DISASTER, Map.of(TargetRules.DISASTER_ENDURANCE, "5", TargetRules.DISASTER_ETA, "20"));
        assertEquals(10, t.counterparty(), "T_c = max(10, endurance)");
        assertEquals(40, t.focal(), "T_f = max(ETA, T_c + 30)");
        t = derive(Domain.DISASTER, Map.of(TargetRules.DISASTER_ENDURANCE, "Variable", TargetRules.DISASTER_ETA, "Variable"));
        assertEquals(60, t.counterparty());
        assertEquals(90, t.focal());
        assertTrue(t.estimated());
    }

    @Test
    void studentConvertsBedtimesAndDefaultsMissingWantedBedtime() throws Exception {
        var t = derive(Domain.STUDENT, Map.of(TargetRules.STUDENT_ROBOT_BEDTIME, "10:30 PM",
                TargetRules.STUDENT_WANTED_BEDTIME, "1:30 AM"));
        assertEquals(90, t.focal());
        assertEquals(270, t.counterparty());
        t = derive(Domain.STUDENT, Map.of(TargetRules.STUDENT_ROBOT_BEDTIME, "10:00 PM",
                TargetRules.STUDENT_WANTED_BEDTIME, "10:30 PM"));
        assertEquals(120, t.counterparty(), "T_c = max(wanted, T_f + 60)");
        t = derive(Domain.STUDENT, Map.of(TargetRules.STUDENT_ROBOT_BEDTIME, "8:30 PM",
                TargetRules.STUDENT_WANTED_BEDTIME, " N/A (plays late, depends)"));
        assertEquals(-30, t.focal());
        assertEquals(150, t.counterparty(), "missing wanted bedtime = T_f + 180");
        assertTrue(t.estimated());
        assertThrows(TargetRules.FieldException.class, () -> derive(Domain.STUDENT,
                Map.of(TargetRules.STUDENT_ROBOT_BEDTIME, "late", TargetRules.STUDENT_WANTED_BEDTIME, "1:00 AM")));
    }

    @Test
    void medicalUsesWaitlistReductionAndUrgency() throws Exception {
        var t = derive(Domain.MEDICAL, Map.of(TargetRules.MEDICAL_URGENCY, "High", TargetRules.MEDICAL_WAITLIST, "60",
                TargetRules.MEDICAL_REDUCTION, "20"));
        assertEquals(40, t.counterparty());
        assertEquals(60, t.focal());
        t = derive(Domain.MEDICAL, Map.of(TargetRules.MEDICAL_URGENCY, "Low", TargetRules.MEDICAL_WAITLIST, "60",
                TargetRules.MEDICAL_REDUCTION, "20"));
        assertEquals(90, t.focal(), "low urgency adds 30 days");
        t = derive(Domain.MEDICAL, Map.of(TargetRules.MEDICAL_URGENCY, "Medium", TargetRules.MEDICAL_WAITLIST, "10",
                TargetRules.MEDICAL_REDUCTION, "30"));
        assertEquals(1, t.counterparty(), "T_c = max(1, waitlist - reduction)");
        assertEquals(10, t.focal());
        t = derive(Domain.MEDICAL, Map.of(TargetRules.MEDICAL_URGENCY, "High", TargetRules.MEDICAL_WAITLIST, "5",
                TargetRules.MEDICAL_REDUCTION, "0"));
        assertEquals(12, t.focal(), "T_f = max(waitlist, T_c + 7)");
        t = derive(Domain.MEDICAL, Map.of(TargetRules.MEDICAL_URGENCY, "High", TargetRules.MEDICAL_WAITLIST,
                "N/A (listed)", TargetRules.MEDICAL_REDUCTION, "N/A"));
        assertEquals(30, t.counterparty());
        assertEquals(37, t.focal());
        assertTrue(t.estimated());
        var e = assertThrows(TargetRules.FieldException.class, () -> derive(Domain.MEDICAL,
                Map.of(TargetRules.MEDICAL_URGENCY, "Urgent", TargetRules.MEDICAL_WAITLIST, "5")));
        assertEquals(TargetRules.MEDICAL_URGENCY, e.field());
    }

    @Test
    void numbersAreRecognisedConservatively() {
        assertEquals(45, TargetRules.number(" 45 ").getAsDouble());
        assertEquals(45, TargetRules.number("45 minutes").getAsDouble());
        assertTrue(TargetRules.number("Variable").isEmpty());
        assertTrue(TargetRules.number("N/A (listed)").isEmpty());
        assertTrue(TargetRules.number("30-45").isEmpty());
    }
}
