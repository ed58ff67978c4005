package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a phrase bank file, per side of the table: which sections it has, which keys each section must have,
 * how long each list must be and what its entries are. Kept apart from {@link PhraseBankValidator} so the layout of
 * the files can be read at a glance without wading through the sentence checks.
 */
final class PhraseBankSchema {

    private PhraseBankSchema() {
    }

    /** Which side of the table a bank speaks for; fixes its file, its sections and their minimum sizes. */
    enum Role {
        FOCAL("focal", "focal-phrases.json", List.of(
                new Section("topics", Keys.DOMAINS, 4, Kind.TOPIC),
                new Section("openers", Keys.EMOTIONS_AND_CONTROL, 12, Kind.OPENER),
                new Section("closers", Keys.EMOTIONS_AND_CONTROL, 8, Kind.CLOSER),
                new Section("offers", Keys.DOMAINS, 14, Kind.OFFER),
                new Section("accepts", Keys.DOMAINS, 6, Kind.ACCEPT))),
        COUNTERPARTY("counterparty", "counterparty-phrases.json", List.of(
                new Section("openers", Keys.EMOTIONS, 8, Kind.OPENER),
                new Section("offers", Keys.DOMAINS, 14, Kind.OFFER),
                new Section("accepts", Keys.DOMAINS, 6, Kind.ACCEPT),
                new Section("walkaways", Keys.DOMAINS, 6, Kind.WALKAWAY)));

        final String label;
        final String fileName;
        final List<Section> sections;

        Role(String label, String fileName, List<Section> sections) {
            this.label = label;
            this.fileName = fileName;
            this.sections = sections;
        }

        /** {@code {topic}} is filled from focal topics written in the focal voice, so only focal lines use it. */
        boolean usesTopics() {
            return this == FOCAL;
        }
    }

    /** One top-level object of a bank file: its name, its keys, the minimum list size and what the lists hold. */
    record Section(String name, Keys keys, int minEntries, Kind kind) {
    }

    /** The key set a section must have, exactly. */
    enum Keys {
        EMOTIONS, EMOTIONS_AND_CONTROL, DOMAINS;

        List<String> labels() {
            List<String> out = new ArrayList<>();
            switch (this) {
                case EMOTIONS -> Emotion.GOEMOTIONS.forEach(e -> out.add(e.label()));
                case EMOTIONS_AND_CONTROL -> {
                    Emotion.GOEMOTIONS.forEach(e -> out.add(e.label()));
                    out.add(Emotion.NO_EMOTION.label());
                }
                case DOMAINS -> {
                    for (Domain d : Domain.values()) {
                        out.add(d.id());
                    }
                }
            }
            return out;
        }

        boolean emotional() {
            return this != DOMAINS;
        }
    }

    /** What a list holds; decides which placeholders, time words and lengths its entries may have. */
    enum Kind {
        TOPIC(0, 1, 5), OPENER(0, 6, 22), CLOSER(0, 6, 22), OFFER(1, 4, 24), ACCEPT(1, 4, 24), WALKAWAY(0, 5, 24);

        final int offerSlots;
        final int minWords;
        final int maxWords;

        Kind(int offerSlots, int minWords, int maxWords) {
            this.offerSlots = offerSlots;
            this.minWords = minWords;
            this.maxWords = maxWords;
        }

        /** A frame word such as "tonight" may sit next to the stated offer; anywhere else it reads as a time. */
        boolean allowsFrameTimeWords() {
            return this == OFFER || this == ACCEPT;
        }
    }
}
