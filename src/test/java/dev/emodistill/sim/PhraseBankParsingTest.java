package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.OfferParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The phrase banks and the offer parser agree: every offer and accept frame, filled with any value the
 * simulator can produce, parses back to exactly that value, and no opener or closer contains an offer.
 */
class PhraseBankParsingTest {
    private static List<Double> values(Domain d) {
        List<Double> out = new ArrayList<>();
        switch (d) {
            case DEBT, MEDICAL -> {
                for (int v = 0; v <= 400; v += 7) {
                    out.add((double) v);
                }
                out.add(1.0);
            }
            case DISASTER -> {
                for (int v = 5; v <= 900; v += 35) {
                    out.add((double) v);
                }
            }
            case STUDENT -> {
                for (int v = -30; v <= 480; v += 15) {
                    out.add((double) v);
                }
            }
        }
        return out;
    }

    @Test
    void offerAndAcceptFramesParseBackExactly() {
        for (PhraseBank bank : List.of(PhraseBank.focal(), PhraseBank.counterparty())) {
            for (Domain d : Domain.values()) {
                List<String> frames = new ArrayList<>(bank.offers(d));
                frames.addAll(bank.accepts(d));
                for (String frame : frames) {
                    for (double v : values(d)) {
                        String text = frame.replace("{offer}", OfferFormat.render(d, v));
                        assertEquals(v, OfferParser.parse(d, text).orElse(Double.NaN), 1e-9, d + ": " + text);
                    }
                }
            }
        }
    }

    @Test
    void openersClosersAndWalkAwaysStateNoOffer() {
        PhraseBank focal = PhraseBank.focal();
        PhraseBank counterparty = PhraseBank.counterparty();
        for (Domain d : Domain.values()) {
            List<String> sentences = new ArrayList<>(counterparty.walkaways(d));
            for (Emotion e : Emotion.values()) {
                sentences.addAll(focal.openers(e));
                sentences.addAll(focal.closers(e));
                if (!e.isControl()) {
                    sentences.addAll(counterparty.openers(e));
                }
            }
            for (String s : sentences) {
                for (String topic : focal.topics(d)) {
                    String text = s.replace("{topic}", topic);
                    assertTrue(OfferParser.parse(d, text).isEmpty(), d + ": " + text);
                }
            }
        }
    }
}
