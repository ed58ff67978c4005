package dev.emodistill.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.OfferFormat;

/** JSON and plain-text renderings of an episode's transcript. Probabilities are rounded so output is stable. */
public final class EpisodeJson {
    private EpisodeJson() {
    }

    public static ObjectNode toJson(EpisodeResult r) {
        ObjectNode o = Json.object();
        o.put("scenario_id", r.scenario().id());
        o.put("outcome", r.outcome().label());
        if (r.dealValue() == null) {
            o.putNull("deal_value");
        } else {
            o.put("deal_value", Json.round(r.dealValue(), 3));
        }
        o.put("utility", Json.round(r.utility(), 4));
        o.put("rounds", r.rounds());
        if (r.error() != null) {
            o.put("error", r.error());
        }
        ArrayNode messages = o.putArray("messages");
        for (Message m : r.messages()) {
            ObjectNode j = messages.addObject();
            j.put("speaker", m.speaker().label());
            j.put("turn", m.turn());
            j.put("act", m.act().label());
            j.put("emotion", m.emotion() == null ? Emotion.NO_EMOTION.label() : m.emotion().label());
            j.put("text", m.text());
            if (m.offer() == null) {
                j.putNull("offer");
            } else {
                j.put("offer", m.offer());
            }
            if (m.perceived() != null) {
                ObjectNode p = j.putObject("perceived_top3");
                for (Emotion e : m.perceived().topK(3)) {
                    p.put(e.label(), Json.round(m.perceived().probability(e), 4));
                }
            }
        }
        return o;
    }

    /** A readable transcript for terminals. */
    public static String toText(EpisodeResult r) {
        StringBuilder sb = new StringBuilder();
        var s = r.scenario();
        sb.append("== ").append(s.id()).append(" (").append(s.domain().id()).append(": focal target ")
                .append(OfferFormat.render(s.domain(), s.focalTarget())).append(", counterparty target ")
                .append(OfferFormat.render(s.domain(), s.counterpartyTarget())).append(")\n");
        for (Message m : r.messages()) {
            sb.append(String.format(java.util.Locale.ROOT, "  [%2d] %-12s %-14s %s%n", m.turn(), m.speaker().label(),
                    m.emotion() == null ? "" : m.emotion().label(), m.text()));
            sb.append(String.format(java.util.Locale.ROOT, "       %-12s offer=%s act=%s perceived %s%n", "",
                    m.offer() == null ? "-" : OfferFormat.render(s.domain(), m.offer()), m.act().label(),
                    m.perceived()));
        }
        sb.append("  -> ").append(r.outcome().label());
        if (r.dealValue() != null) {
            sb.append(" at ").append(OfferFormat.render(s.domain(), r.dealValue()));
        }
        sb.append(String.format(java.util.Locale.ROOT, ", utility %.3f, %d rounds%n", r.utility(), r.rounds()));
        if (r.error() != null) {
            sb.append("  error: ").append(r.error()).append('\n');
        }
        return sb.toString();
    }
}
