package dev.emodistill.cli;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.GoEmotionsTsv;
import dev.emodistill.sim.PhraseBank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The phrase banks' emotional sentences as labelled examples, for measuring how recognisable they are. */
final class PhraseBankSentences {
    private PhraseBankSentences() {
    }

    static Map<String, List<GoEmotionsTsv.Example>> labelled() {
        PhraseBank focal = PhraseBank.focal();
        PhraseBank counterparty = PhraseBank.counterparty();
        String topic = focal.topics(Domain.DEBT).get(0);
        List<GoEmotionsTsv.Example> focalOpeners = new ArrayList<>();
        List<GoEmotionsTsv.Example> focalClosers = new ArrayList<>();
        List<GoEmotionsTsv.Example> counterpartyOpeners = new ArrayList<>();
        for (Emotion e : Emotion.GOEMOTIONS) {
            int i = 0;
            for (String s : focal.openers(e)) {
                focalOpeners.add(new GoEmotionsTsv.Example(s.replace("{topic}", topic), List.of(e), "fo" + e.index() + "-" + i++));
            }
            for (String s : focal.closers(e)) {
                focalClosers.add(new GoEmotionsTsv.Example(s.replace("{topic}", topic), List.of(e), "fc" + e.index() + "-" + i++));
            }
            for (String s : counterparty.openers(e)) {
                counterpartyOpeners.add(new GoEmotionsTsv.Example(s.replace("{topic}", topic), List.of(e), "co" + e.index() + "-" + i++));
            }
        }
        Map<String, List<GoEmotionsTsv.Example>> out = new LinkedHashMap<>();
        out.put("focal_openers", focalOpeners);
        out.put("focal_closers", focalClosers);
        out.put("counterparty_openers", counterpartyOpeners);
        return out;
    }
}
