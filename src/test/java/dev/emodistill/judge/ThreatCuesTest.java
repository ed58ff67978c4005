package dev.emodistill.judge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreatCuesTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "Pay within 20 days or else.",
            "We will take legal action if this drags on.",
            "You will regret this decision.",
            "You\u2019ll regret it, I promise.",
            "There will be consequences.",
            "You will face the consequences of stalling.",
            "We will report you to the credit bureau.",
            "This is your last chance.",
            "Consider this a final warning.",
            "We'll escalate this to the board.",
            "I will take away your phone tonight.",
            "Keep pushing and you lose your slot.",
            "We may have to remove you from the waiting list.",
            "Keep arguing and we will leave you behind.",
            "We do not want this, but we will take legal action."})
    void recognisesThreatLanguage(String text) {
        assertTrue(ThreatCues.present(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I regret how hard I pushed earlier.",
            "I dread the consequences if this falls apart.",
            "Happy to report that we are close.",
            "We can reach you in 90 minutes; please stay calm.",
            "I'm sorry for the delay, truly.",
            "This is our final offer: 30 days.",
            "Lights out at 10:00 PM tonight.",
            "We will not abandon you.",
            "We won't leave you behind, I promise.",
            "We will never take legal action against a survivor.",
            ""})
    void leavesOrdinaryWordsAlone(String text) {
        assertFalse(ThreatCues.present(text), text);
    }
}
